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
