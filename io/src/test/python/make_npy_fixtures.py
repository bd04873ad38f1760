"""Writes the .npy fixtures of io/src/test/resources/npy with NumPy (the tests only read them).

Run from the project root: python3 io/src/test/python/make_npy_fixtures.py
Values (the tests compute the same): a = arange(35).reshape(5, 7); f8 = a * 0.5 - 3, f4 = a * 0.25,
i8 = a - 10, i4 = a * 3 - 50, b1 = a % 3 == 0, c16 = a * 0.5 - 3 + 1j * (a - 17), c8 = a * 0.25 - 1j * a;
3-D: arange(60).reshape(3, 4, 5) * 1.5.
"""
import os
import numpy as np

out = os.path.join(os.path.dirname(__file__), "..", "resources", "npy")
os.makedirs(out, exist_ok=True)
a = np.arange(35).reshape(5, 7)
values = {
    "f8": a * 0.5 - 3,
    "f4": (a * 0.25).astype(np.float32),
    "i8": (a - 10).astype(np.int64),
    "i4": (a * 3 - 50).astype(np.int32),
    "b1": a % 3 == 0,
    "c16": a * 0.5 - 3 + 1j * (a - 17),
    "c8": (a * 0.25 - 1j * a).astype(np.complex64),
}


def save(name, arr, version=None):
    with open(os.path.join(out, name), "wb") as f:
        np.lib.format.write_array(f, arr, version=version, allow_pickle=False)


for code, v in values.items():
    save(f"{code}_c.npy", v)
    save(f"{code}_fortran.npy", np.asfortranarray(v))
    if code != "b1":
        big = v.astype(v.dtype.newbyteorder(">"))
        save(f"{code}_big.npy", big)
        save(f"{code}_big_fortran.npy", np.asfortranarray(big))
save("f8_v2.npy", values["f8"], version=(2, 0))
save("f8_v3.npy", values["f8"], version=(3, 0))
save("f8_3d_fortran.npy", np.asfortranarray(np.arange(60).reshape(3, 4, 5) * 1.5))
save("f8_1d.npy", np.arange(11) * 2.0)
save("f8_0d.npy", np.array(4.25))
save("f8_empty.npy", np.zeros((0, 3)))
# bad files
save("f2.npy", np.zeros((2, 2), dtype=np.float16))
with open(os.path.join(out, "f8_c.npy"), "rb") as f:
    whole = f.read()
with open(os.path.join(out, "truncated.npy"), "wb") as f:
    f.write(whole[:-16])
with open(os.path.join(out, "header_cut.npy"), "wb") as f:
    f.write(whole[:40])
with open(os.path.join(out, "not_npy.npy"), "wb") as f:
    f.write(b"this is not a NumPy file at all, just text\n")
