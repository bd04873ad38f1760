"""Writes the NetCDF and HDF5 fixtures of io/src/test/resources/netcdf with netCDF4-python and h5py (the tests only
read them). Run from the project root: python3 io/src/test/python/make_netcdf_fixtures.py
Values (the tests compute the same): temp[t, y, x] = t * 100 + y * 10 + x + 0.25 (float64, dims time=3, lat=4,
lon=5, attribute units = "K"), counts = arange(20).reshape(4, 5) - 7 (int32), level = arange(6) * 0.5 (float32);
HDF5: /grid/values = arange(35).reshape(5, 7) * 1.5, /ints = arange(12, dtype=int32).reshape(3, 4) * 3.
"""
import os
import numpy as np
import netCDF4
import h5py

out = os.path.join(os.path.dirname(__file__), "..", "resources", "netcdf")
os.makedirs(out, exist_ok=True)
t, y, x = np.meshgrid(np.arange(3), np.arange(4), np.arange(5), indexing="ij")
temp = t * 100 + y * 10 + x + 0.25
for fmt, name in [("NETCDF3_CLASSIC", "classic.nc"), ("NETCDF3_64BIT_OFFSET", "offset64.nc"),
                  ("NETCDF4", "netcdf4.nc")]:
    with netCDF4.Dataset(os.path.join(out, name), "w", format=fmt) as ds:
        ds.createDimension("time", 3)
        ds.createDimension("lat", 4)
        ds.createDimension("lon", 5)
        ds.createDimension("z", 6)
        v = ds.createVariable("temp", "f8", ("time", "lat", "lon"))
        v.units = "K"
        v[:] = temp
        c = ds.createVariable("counts", "i4", ("lat", "lon"))
        c[:] = np.arange(20, dtype=np.int32).reshape(4, 5) - 7
        l = ds.createVariable("level", "f4", ("z",))
        l[:] = np.arange(6, dtype=np.float32) * 0.5
        s = ds.createVariable("shorts", "i2", ("z",))
        s[:] = np.arange(6, dtype=np.int16)
with h5py.File(os.path.join(out, "data.h5"), "w") as f:
    f.create_dataset("grid/values", data=np.arange(35).reshape(5, 7) * 1.5)
    f.create_dataset("ints", data=np.arange(12, dtype=np.int32).reshape(3, 4) * 3)
