package org.distarray.actors.transport;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * A logback filter (for an appender: {@code <filter class="org.distarray.actors.transport.OwnAbortLogFilter"/>})
 * that drops one WARN of Pekko's Artery TCP transport: "[outbound connection to [ADDRESS], message stream] Upstream
 * failed, cause: StreamTcpException: The connection has been aborted", logged by the logger
 * {@code org.apache.pekko.stream.Materializer} once per outbound stream (control, ordinary, large) and peer.
 *
 * <p>It reports that this node aborted its own connection: Artery stops its outbound streams with a kill switch
 * (every one of them when the actor system terminates, as every client does when its context closes and every node
 * as it leaves; one peer's when the association is quarantined or idle), Pekko's TCP stage answers that upstream
 * failure by aborting the socket, and the stream then fails with this StreamTcpException instead of the shutdown
 * signal that Artery recognizes and keeps quiet about, so its log stage reports a routine stop as a failure (a
 * known Artery quirk: akka/akka-core#27602). "Aborted" is only ever the answer to this side's own abort; failures
 * that come from the peer or the network ("Connection reset", "Connection refused", TLS handshake errors) are other
 * messages and pass, as does everything else that logger says. An outbound stream that fails while the node runs
 * (not at its shutdown) is also reported by Artery's Association ("Outbound message stream to [ADDRESS] failed.
 * Restarting it."), which this filter leaves alone, and so are a quarantine and an idle stop.
 */
public final class OwnAbortLogFilter extends Filter<ILoggingEvent> {
  static final String LOGGER = "org.apache.pekko.stream.Materializer";
  static final String PREFIX = "[outbound connection to [";
  static final String OWN_ABORT = "Upstream failed, cause: StreamTcpException: The connection has been aborted";

  @Override
  public FilterReply decide(ILoggingEvent event) {
    if (event.getLevel() == Level.WARN && LOGGER.equals(event.getLoggerName())) {
      String message = event.getFormattedMessage();
      if (message != null && message.startsWith(PREFIX) && message.endsWith(OWN_ABORT)) {
        return FilterReply.DENY;
      }
    }
    return FilterReply.NEUTRAL;
  }
}
