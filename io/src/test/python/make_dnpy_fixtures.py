"""Writes the .dnpy fixtures of io/src/test/resources/dnpy in Python DistArray's per-engine format (the tests only
read them): magic b'\\x93DARRY', version 1.0, little-endian uint16 header length, the header dict literal padded
with spaces and a newline to a 16-byte boundary, then a .npy stream (NumPy's own writer) of the local block.

Run from the project root: python3 io/src/test/python/make_dnpy_fixtures.py
Arrays (the tests compute the same): grid = arange(35).reshape(5, 7) * 0.5 on a (2, 2) process grid, rows block
(DistArray's bounds 0-3, 3-5), columns cyclic; vec = arange(6) * 10 (int64) unstructured over 2 ranks with
indices [4, 0, 2] and [5, 1, 3].
"""
import io
import os
import struct
import numpy as np

out = os.path.join(os.path.dirname(__file__), "..", "resources", "dnpy")
os.makedirs(out, exist_ok=True)


def write(path, dim_data, local):
    header = repr({"__version__": "0.10.0", "dim_data": tuple(dim_data)})
    header = header[:-1] + ", }"  # DistArray's trailing ", }" as in .npy headers
    prefix = 6 + 2 + 2
    pad = (16 - (prefix + len(header) + 1) % 16) % 16
    header = header + " " * pad + "\n"
    stream = io.BytesIO()
    np.lib.format.write_array(stream, local, version=(1, 0), allow_pickle=False)
    with open(path, "wb") as f:
        f.write(b"\x93DARRY" + bytes([1, 0]) + struct.pack("<H", len(header)) + header.encode("ascii"))
        f.write(stream.getvalue())


grid = np.arange(35).reshape(5, 7) * 0.5
bounds = [(0, 3), (3, 5)]
for rank in range(4):
    r, c = divmod(rank, 2)
    rows = list(range(*bounds[r]))
    cols = list(range(c, 7, 2))
    dim_data = (
        {"dist_type": "b", "size": 5, "proc_grid_size": 2, "proc_grid_rank": r,
         "start": bounds[r][0], "stop": bounds[r][1]},
        {"dist_type": "c", "size": 7, "proc_grid_size": 2, "proc_grid_rank": c, "start": c},
    )
    write(os.path.join(out, f"grid_{rank}.dnpy"), dim_data, grid[np.ix_(rows, cols)])

vec = np.arange(6, dtype=np.int64) * 10
for rank, idx in enumerate([[4, 0, 2], [5, 1, 3]]):
    dim_data = ({"dist_type": "u", "size": 6, "proc_grid_size": 2, "proc_grid_rank": rank, "indices": idx},)
    write(os.path.join(out, f"vec_{rank}.dnpy"), dim_data, vec[idx])
