package org.distarray.actors.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

/** The filter drops exactly Artery's WARN about a connection this node aborted itself; everything else passes. */
class OwnAbortLogFilterTest {
  private static final String ADDRESS = "pekko://DistArray@127.0.0.1:44995";
  private final LoggerContext context = new LoggerContext();
  private final OwnAbortLogFilter filter = new OwnAbortLogFilter();

  private FilterReply decide(String logger, Level level, String message) {
    return filter.decide(new LoggingEvent(getClass().getName(), context.getLogger(logger), level, message, null,
        null));
  }

  @Test
  void dropsTheWarningAboutAnOwnAbortOfEachStream() {
    for (String stream : new String[] {"control", "message", "large message"}) {
      assertEquals(FilterReply.DENY, decide(OwnAbortLogFilter.LOGGER, Level.WARN, "[outbound connection to ["
          + ADDRESS + "], " + stream + " stream] Upstream failed, cause: StreamTcpException: The connection has been"
          + " aborted"), stream);
    }
  }

  @Test
  void passesFailuresFromThePeerOrTheNetworkAndOtherLoggersAndLevels() {
    String prefix = "[outbound connection to [" + ADDRESS + "], message stream] Upstream failed, cause: ";
    for (String cause : new String[] {"StreamTcpException: The connection closed with error: Connection reset",
        "StreamTcpException: Tcp command [Connect(127.0.0.1/<unresolved>:44995,None,List(),Some(5000 milliseconds),"
            + "true)] failed because of java.net.ConnectException: Connection refused",
        "SSLHandshakeException: PKIX path validation failed"}) {
      assertEquals(FilterReply.NEUTRAL, decide(OwnAbortLogFilter.LOGGER, Level.WARN, prefix + cause), cause);
    }
    String own = prefix + "StreamTcpException: The connection has been aborted";
    assertEquals(FilterReply.NEUTRAL, decide(OwnAbortLogFilter.LOGGER, Level.ERROR, own), "an ERROR");
    assertEquals(FilterReply.NEUTRAL, decide("org.apache.pekko.remote.artery.Association", Level.WARN, own),
        "another logger");
    assertEquals(FilterReply.NEUTRAL, decide(OwnAbortLogFilter.LOGGER, Level.WARN, "data-plane connections to "
        + ADDRESS + " failed: org.apache.pekko.stream.StreamTcpException: The connection has been aborted"),
        "another message");
  }
}
