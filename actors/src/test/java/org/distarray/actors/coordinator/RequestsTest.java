package org.distarray.actors.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.distarray.actors.ErrorInfo;
import org.distarray.actors.engine.Engine;
import org.junit.jupiter.api.Test;

/** Request ids across coordinator incarnations, the engines a failed request aborts, timeouts. */
class RequestsTest {
  private static final long MINUTE = 60_000_000_000L;

  @Test
  void idsStartFromTheTimeTheCoordinatorStartedSoALaterOneNeverReusesThem() {
    long before = System.currentTimeMillis();
    long first = new Requests(MINUTE, log()).nextId();
    long after = System.currentTimeMillis();
    assertTrue(first >= before << 20 && first <= after << 20, "first id " + first);
    // a coordinator started even a millisecond later begins above the first million ids of this one
    assertTrue((after + 1) << 20 > first + 1_000_000);
    Requests earlier = new Requests(5L << 20, MINUTE, log());
    for (int i = 0; i < 1000; i++) {
      earlier.nextId();
    }
    assertTrue(new Requests(6L << 20, MINUTE, log()).nextId() > earlier.nextId());
  }

  @Test
  void aFailedRequestNamesTheEnginesThatHaveNotAnsweredYet() {
    Requests requests = new Requests(1, MINUTE, log());
    long req = requests.nextId();
    Requests.Pending p = requests.open(req, new Requests.Pending(3, done -> { }));
    p.sent(0);
    p.sent(1);
    p.sent(1); // engine 1 is both a sender and a receiver
    p.sent(2);
    assertNull(requests.answer(new Engine.Done(req, 1, null, 0, null, null)));
    Requests.Pending failed = requests.answer(new Engine.Done(req, 0, new ErrorInfo("x", "boom", 0), 0, null, null));
    assertSame(p, failed, "complete at its first error");
    assertEquals(List.of(1, 2), failed.unansweredEngines());
    assertNull(requests.answer(new Engine.Done(req, 2, null, 0, null, null)), "a late answer finds nothing");
  }

  @Test
  void aRequestWithoutItsAnswersInTimeFailsAsATimeout() {
    Requests requests = new Requests(1, 0, log());
    Requests.Pending p = requests.open(requests.nextId(), new Requests.Pending(1, done -> { }));
    p.sent(4);
    List<Requests.Pending> expired = requests.expire(System.nanoTime(), -1);
    assertEquals(List.of(p), expired);
    assertEquals(java.util.concurrent.TimeoutException.class.getName(), p.error.type());
    assertTrue(p.error.message().contains("[4]"), p.error.message());
    assertEquals(0, requests.size());
  }

  private static OperationLog log() {
    return new OperationLog(new OperationMetrics());
  }
}
