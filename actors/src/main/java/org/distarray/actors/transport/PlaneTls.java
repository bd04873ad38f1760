package org.distarray.actors.transport;

import java.util.Optional;
import java.util.function.Function;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.remote.artery.tcp.ConfigSSLEngineProvider;

/**
 * TLS for the data plane with the cluster's own key and trust stores and settings
 * ({@code pekko.remote.artery.ssl.config-ssl-engine}: protocol, algorithms, mutual authentication): a node that
 * remoting would refuse is refused here too. Public for tools that open connections as the data plane does (the
 * samples' transport floor).
 */
public final class PlaneTls {
  private final ConfigSSLEngineProvider provider;

  private PlaneTls(ActorSystem<?> system) {
    this.provider = new ConfigSSLEngineProvider(Adapter.toClassic(system));
  }

  /** TLS settings of system, or null when its remoting is not TLS. */
  public static PlaneTls of(ActorSystem<?> system) {
    String transport = system.settings().config().getString("pekko.remote.artery.transport");
    return transport.equals("tls-tcp") ? new PlaneTls(system) : null;
  }

  public SSLEngine server(String host, int port) {
    return provider.createServerSSLEngine(host, port);
  }

  public SSLEngine client(String host, int port) {
    return provider.createClientSSLEngine(host, port);
  }

  public Function<SSLSession, Optional<Throwable>> verifyClient(String host) {
    return session -> toJava(provider.verifyClientSession(host, session));
  }

  public Function<SSLSession, Optional<Throwable>> verifyServer(String host) {
    return session -> toJava(provider.verifyServerSession(host, session));
  }

  private static Optional<Throwable> toJava(scala.Option<Throwable> o) {
    return o.isDefined() ? Optional.of(o.get()) : Optional.empty();
  }
}
