package org.distarray.cluster;

import java.nio.file.Path;

/** The bulk paths on plain TCP. */
class BulkPathsTest extends BulkPathsTestBase {
  @Override
  String name() {
    return "bulk-paths";
  }

  @Override
  Path startNodes(ClusterProcesses nodes) {
    nodes.start("coordinator", "coordinator-node.conf");
    nodes.heap("3g"); // a 1e8-element row: half of 800 MB held and half received on each engine node
    nodes.start("engines-a", "engine-node.conf");
    nodes.start("engines-b", "engine-node.conf");
    return nodes.clientConfig("client", 2);
  }
}
