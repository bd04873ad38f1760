// The imports of an interactive DistArray session (bin/jshell loads this file at start).
import org.distarray.arrays.*;
import org.distarray.arrays.dist.*;
import org.distarray.arrays.ops.*;
import org.distarray.arrays.task.*;
import org.distarray.runtime.*;
import org.distarray.runtime.plot.*;
import java.nio.file.Path;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

// An embedded context of n engines that prints the address of its dashboard (bin/jshell turns dashboards on).
DistContext local(int engines) {
  DistContext ctx = DistContext.local(engines);
  ctx.dashboardUrl().ifPresent(url -> System.out.println("dashboard: " + url));
  return ctx;
}
