package org.distarray.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import ucar.ma2.DataType;
import ucar.nc2.NetcdfFile;
import ucar.nc2.Variable;
import ucar.nc2.dataset.NetcdfDataset;

/**
 * Packed variables (CF's {@code scale_factor} and {@code add_offset} on byte, short, int or long data) are read
 * through NetCDF-Java's enhanced dataset, as netCDF4-python and xarray unpack them: values are
 * {@code raw * scale_factor + add_offset}, of the type NetCDF-Java gives (double when the packing attributes are
 * double, float when they are float), and {@code _FillValue}, {@code missing_value} and values outside
 * {@code valid_range} are NaN. Other variables are read as stored.
 */
final class NetcdfPacking {
  /**
   * Attributes that describe the stored integers, not the unpacked values: an unpacked array leaves them out, so
   * that saving it does not scale its values a second time.
   */
  static final Set<String> PACKING_ATTRIBUTES = Set.of("scale_factor", "add_offset", "_FillValue", "missing_value",
      "valid_range", "valid_min", "valid_max", "_Unsigned");

  private NetcdfPacking() {}

  /** True when v holds integers with scale_factor or add_offset: it loads unpacked. */
  static boolean isPacked(Variable v) {
    DataType t = v.getDataType();
    boolean integral = t == DataType.BYTE || t == DataType.SHORT || t == DataType.INT || t == DataType.LONG;
    return integral && (v.findAttribute("scale_factor") != null || v.findAttribute("add_offset") != null);
  }

  /**
   * Opens file for reading variable: the file as stored, or, when the variable is packed, NetCDF-Java's dataset
   * that unpacks it (only the scale and missing-value enhancement: no coordinate systems are built); with
   * {@code stored} always the file as stored. The caller closes the result.
   */
  static NetcdfFile open(Path file, String variable, boolean stored) throws IOException {
    NetcdfFile raw = NetcdfFile.open(file.toString());
    try {
      Variable v = NetcdfTasks.find(raw, file, variable);
      if (stored || !isPacked(v)) {
        return raw;
      }
      return NetcdfDataset.wrap(raw, EnumSet.of(NetcdfDataset.Enhance.ScaleMissing));
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }
}
