"""Writes the expected results of the ufunc and reduction conformance tests, computed by NumPy.

Run from this folder with NumPy 2.x: python3 gen_ufunc_cases.py
Output: ../resources/numpy/ufunc_cases.txt and ../resources/numpy/reduction_cases.txt, one case per line:
  op | in dtypes | in shapes | inputs (';' between operands) | result dtype | result shape | result values
Values are C-order, comma separated, written with repr (nan, inf, -inf, True/False as 1/0); a complex value is
written as its real and imaginary parts joined by ':' (1.5:-2.0).
Where NumPy answers with float16, the expected result is computed in float32: the library has no float16.
A second operand of dtype "pyint" or "pyfloat" is a Python int or float scalar (NumPy 2's weak scalars); "error"
as the result dtype means NumPy raises (TypeError, or OverflowError for a Python int the dtype cannot hold).
"""
import warnings
import numpy as np

warnings.simplefilter("ignore")
DT = {"float64": np.float64, "float32": np.float32, "int64": np.int64, "int32": np.int32, "bool": np.bool_,
      "int16": np.int16, "int8": np.int8, "uint64": np.uint64, "uint32": np.uint32, "uint16": np.uint16,
      "uint8": np.uint8, "complex128": np.complex128, "complex64": np.complex64}
MAP = {"float16": "float32"}
INTS = ["int16", "int8", "uint64", "uint32", "uint16", "uint8"]
BASE_INT = [[7, 100, 0, 3], [120, 5, 1, 9], [127, 2, 5, 8]]
NEG_INT = [[7, -7, 0, 3], [-100, -5, 1, 9], [-1, 2, 5, -128]]


def vals(a):
    a = np.asarray(a)
    if a.dtype == np.bool_:
        return ",".join("1" if v else "0" for v in a.ravel())
    if a.dtype.kind in "iu":
        return ",".join(str(int(v)) for v in a.ravel())
    if a.dtype.kind == "c":
        return ",".join(repr(float(v.real)) + ":" + repr(float(v.imag)) for v in a.ravel())
    return ",".join(repr(float(v)) for v in a.ravel())


def shp(a):
    return "x".join(str(d) for d in np.shape(a)) or "-"


def dname(a):
    n = str(np.asarray(a).dtype)
    return MAP.get(n, n)


BASE = {
    "float64": np.array([[1.5, -2.25, 0.0, 7.0], [np.nan, np.inf, -0.5, 3.0], [-7.0, 2.0, 1e10, -1e-3]]),
    "float32": np.array([[1.5, -2.25, 0.0, 7.0], [np.nan, np.inf, -0.5, 3.0], [-7.0, 2.0, 1e10, -1e-3]], np.float32),
    "int64": np.array([[7, -7, 0, 3], [2**40, -5, 1, 9], [-1, 2, 5, -8]], np.int64),
    "int32": np.array([[7, -7, 0, 3], [2**30, -5, 1, 9], [-1, 2, 5, -8]], np.int32),
    "bool": np.array([[True, False, True, True], [False, False, True, False], [True, True, False, True]]),
}
for _d in INTS:
    BASE[_d] = np.array(NEG_INT if _d.startswith("int") else BASE_INT, DT[_d])
BASE["complex128"] = np.array([[1.5 - 2j, -2.25 + 0.5j, 0j, 7 + 1j], [complex(np.nan, 1), 0.5 + 3j, -0.5 - 0.5j, 3j],
                               [-7 + 2j, 2 - 3j, 10 + 1e-3j, -1e-3 + 4j]])
BASE["complex64"] = BASE["complex128"].astype(np.complex64)
BASE["uint64"][1, 0] = np.uint64(2**63 + 12345)  # above the signed range: unsigned loops must see it
BASE["uint32"][1, 0] = np.uint32(2**31 + 7)
OTHER = {
    "float64": np.array([2.0, -3.0, 0.0, np.nan]),
    "float32": np.array([2.0, -3.0, 0.0, 0.5], np.float32),
    "int64": np.array([2, -3, 0, 4], np.int64),
    "int32": np.array([2, -3, 0, 4], np.int32),
    "bool": np.array([True, False, True, False]),
}
for _d in INTS:
    OTHER[_d] = np.array([2, 3, 0, 4] if _d.startswith("u") else [2, -3, 0, 4], DT[_d])
OTHER["complex128"] = np.array([2 - 1j, -3 + 0.5j, 0j, 1 + 1j])
OTHER["complex64"] = OTHER["complex128"].astype(np.complex64)
POSITIVE = {
    "float64": np.array([[0.5, 2.0, 9.0], [0.25, 1.0, 0.75]]),
    "float32": np.array([[0.5, 2.0, 9.0], [0.25, 1.0, 0.75]], np.float32),
    "int64": np.array([[1, 2, 9], [3, 1, 7]], np.int64),
    "int32": np.array([[1, 2, 9], [3, 1, 7]], np.int32),
    "bool": np.array([[True, False, True], [False, True, True]]),
}
for _d in INTS:
    POSITIVE[_d] = np.array([[1, 2, 9], [3, 1, 7]], DT[_d])
POSITIVE["complex128"] = np.array([[0.5 + 0.5j, 2 - 1j, 9 + 0.25j], [0.25 - 3j, 1j, -0.75 + 0.1j]])
POSITIVE["complex64"] = POSITIVE["complex128"].astype(np.complex64)
BINARY = ["add", "subtract", "multiply", "divide", "power", "mod", "fmod", "floor_divide", "maximum", "minimum",
          "arctan2", "hypot", "less", "less_equal", "greater", "greater_equal", "equal", "not_equal",
          "logical_and", "logical_or", "logical_xor", "bitwise_and", "bitwise_or", "bitwise_xor", "left_shift",
          "right_shift"]
UNARY = ["negative", "positive", "abs", "sqrt", "square", "exp", "expm1", "log", "log10", "log1p", "sin", "cos",
         "tan", "arcsin", "arccos", "arctan", "arcsinh", "arccosh", "arctanh", "sinh", "cosh", "tanh", "floor", "ceil",
         "rint", "sign", "reciprocal", "conjugate", "invert", "logical_not", "real", "imag",
         "isnan", "isinf", "isfinite"]
PAIRS = [("float64", "float64"), ("float32", "float32"), ("int64", "int64"), ("int32", "int32"), ("bool", "bool"),
         ("int32", "float32"), ("int64", "float64"), ("bool", "int32"), ("int32", "int64"), ("float32", "float64"),
         ("int16", "int16"), ("int8", "int8"), ("uint64", "uint64"), ("uint32", "uint32"), ("uint16", "uint16"),
         ("uint8", "uint8"), ("uint8", "int8"), ("uint16", "int16"), ("uint32", "int32"), ("uint64", "int64"),
         ("int8", "float32"), ("uint16", "float32"), ("int16", "int64"), ("uint8", "uint64"), ("bool", "uint8"),
         ("uint32", "float64"), ("int8", "uint32"), ("complex128", "complex128"), ("complex64", "complex64"),
         ("complex64", "float64"), ("complex64", "int32"), ("complex64", "int16"), ("float32", "complex64"),
         ("int64", "complex128"), ("bool", "complex64"), ("complex128", "uint64")]
SCALARS = [("pyint", 1), ("pyint", -3), ("pyint", 300), ("pyint", 2**40), ("pyfloat", 1.5)]


def line(op, ins, out):
    return " | ".join([op, ",".join(dname(a) for a in ins), ",".join(shp(a) for a in ins),
                       ";".join(vals(a) for a in ins), dname(out), shp(out), vals(out)])


def main():
    lines = []
    for op in BINARY:
        f = getattr(np, op)
        for da, db in PAIRS:
            a, b = BASE[da], OTHER[db]
            if op == "power" and np.dtype(DT[da]).kind == "c" and np.dtype(DT[db]).kind == "f":
                b = np.where(np.isnan(b), 0.5, b).astype(b.dtype)  # complex ** nan: C library detail
            if op == "power" and np.dtype(DT[db]).kind in "iu":
                b = np.abs(b).astype(b.dtype)
            if op in ("left_shift", "right_shift") and np.dtype(DT[db]).kind == "i":
                b = np.array([2, 70, 0, -1], b.dtype) if b.dtype.itemsize > 1 else np.array([2, 9, 0, -1], b.dtype)
            try:
                out = f(a, b)
            except TypeError:
                lines.append(" | ".join([op, da + "," + db, shp(a) + "," + shp(b), vals(a) + ";" + vals(b), "error", "-", ""]))
                continue
            if out.dtype == np.float16:  # no float16 here: the library answers in float32
                out = f(a.astype(np.float32), b.astype(np.float32))
            lines.append(line(op, [a, b], out))
    for op in BINARY:
        f = getattr(np, op)
        for d in DT:
            for kind, sv in SCALARS:
                a = BASE[d]
                if op == "power" and (sv < 0 or (d.startswith("complex") and abs(sv) >= 100)):
                    continue  # complex overflow: the signs of the infinities depend on float or double angles
                try:
                    out = f(a, sv)
                except (TypeError, OverflowError):
                    lines.append(" | ".join([op, d + "," + kind, shp(a) + ",-", vals(a) + ";" + repr(sv), "error", "-", ""]))
                    continue
                if out.dtype == np.float16:
                    out = f(a.astype(np.float32), np.float32(sv))
                lines.append(" | ".join([op, d + "," + kind, shp(a) + ",-", vals(a) + ";" + repr(sv), dname(out),
                                         shp(out), vals(out)]))
    # broadcasting: (3,1) with (4,), and a reversed (negative stride) operand is exercised by the Java test itself
    a = np.array([[1.0], [2.0], [3.0]])
    b = np.array([10.0, 20.0, 30.0, 40.0])
    lines.append(line("add", [a, b], a + b))
    lines.append(line("multiply", [np.arange(6, dtype=np.int64).reshape(2, 3), np.array([2], np.int32)],
                      np.arange(6).reshape(2, 3) * np.array([2], np.int32)))
    for op in UNARY:
        f = getattr(np, op)
        for d in DT:
            a = POSITIVE[d] if op in ("sqrt", "log", "log10", "log1p", "arcsin", "arccos", "arctanh") and d != "bool" else BASE[d]
            if op in ("arcsin", "arccos", "arctanh") and d != "bool":
                a = (POSITIVE[d] / 10).astype(POSITIVE[d].dtype) if d[0] in "fc" else POSITIVE[d] // 9
            if op == "reciprocal" and np.dtype(DT[d]).kind in "iu":
                a = POSITIVE[d]
            try:
                out = f(a)
            except TypeError:
                lines.append(" | ".join([op, d, shp(a), vals(a), "error", "-", ""]))
                continue
            if out.dtype == np.float16:  # no float16 here: the library answers in float32
                out = f(a.astype(np.float32))
            lines.append(line(op, [a], out))
    # where(cond, x, y): three operands, broadcast, dtype promote(x, y); the condition's truth is "non-zero"
    wh = []
    conds = [BASE["float64"], BASE["bool"], BASE["int8"], np.array([True, False, True, False]), BASE["complex128"]]
    for cond in conds:
        for dx, dy in [("float64", "float64"), ("int32", "float32"), ("uint8", "int8"), ("complex64", "float64"),
                       ("bool", "int64"), ("float32", "float32")]:
            for x, y in [(BASE[dx], BASE[dy]), (OTHER[dx], BASE[dy][:1])]:
                out = np.where(cond, x, y)
                wh.append(line("where", [cond, x, y], out))
    with open("../resources/numpy/where_cases.txt", "w") as fh:
        fh.write("\n".join(wh) + "\n")
    with open("../resources/numpy/ufunc_cases.txt", "w") as fh:
        fh.write("\n".join(lines) + "\n")

    red = []
    arrays = {
        "float64": np.array([[[1.5, -2.0, 3.25], [4.0, 0.5, -6.0]], [[7.0, 8.5, -9.0], [0.0, 11.0, 12.5]]]),
        "float32": np.array([[[1.5, -2.0, 3.25], [4.0, 0.5, -6.0]], [[7.0, 8.5, -9.0], [0.0, 11.0, 12.5]]], np.float32),
        "int64": np.array([[[1, -2, 3], [4, 5, -6]], [[7, 8, -9], [0, 11, 12]]], np.int64),
        "int32": np.array([[[1, -2, 3], [4, 5, -6]], [[7, 8, -9], [0, 11, 12]]], np.int32),
        "bool": np.array([[[True, False, True], [True, True, True]], [[False, False, True], [True, False, True]]]),
    }
    for d in INTS:
        arrays[d] = np.array([[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [0, 11, 12]]], DT[d])
        if d.startswith("int"):
            arrays[d][0, 0, 1] = -2
    arrays["complex128"] = np.array([[[1.5 - 2j, -2 + 1j, 3.25], [4 + 4j, 0.5 - 1j, -6j]],
                                     [[7 + 0.5j, 8.5 - 3j, -9 + 2j], [0j, 11 + 1j, 12.5 - 0.25j]]])
    arrays["complex64"] = arrays["complex128"].astype(np.complex64)
    arrays["complex_nan"] = arrays["complex128"].copy()
    arrays["complex_nan"][0, 1, 1] = complex(0.5, np.nan)
    arrays["uint64"][1, 1, 2] = np.uint64(2**64 - 3)  # sums wrap, min/max compare without the sign
    arrays["uint8"][1, 1, 1] = 250
    for op in ["sum", "prod", "mean", "var", "std", "min", "max", "argmin", "argmax", "any", "all"]:
        for d, a in arrays.items():
            for axes in [None, (0,), (1,), (2,), (-1,), (0, 2), (1, 2), (0, 1, 2)]:
                if op in ("argmin", "argmax") and axes is not None and len(axes) > 1:
                    continue
                ax = axes if axes is None or len(axes) > 1 else axes[0]
                out = getattr(np, op)(a, axis=ax)
                red.append(" | ".join([op, "complex128" if d == "complex_nan" else d, "all" if axes is None else ",".join(map(str, axes)), shp(a), vals(a),
                                       dname(out), shp(out), vals(out)]))
    with open("../resources/numpy/reduction_cases.txt", "w") as fh:
        fh.write("\n".join(red) + "\n")

    # cumsum and cumprod along each axis (NumPy's sequential scans; the integer ones wrap)
    scans = []
    for op in ["cumsum", "cumprod"]:
        for d, a in arrays.items():
            for axis in [0, 1, 2, -1]:
                out = getattr(np, op)(a, axis=axis)
                scans.append(" | ".join([op, "complex128" if d == "complex_nan" else d, str(axis), shp(a), vals(a),
                                         dname(out), shp(out), vals(out)]))
    with open("../resources/numpy/scan_cases.txt", "w") as fh:
        fh.write("\n".join(scans) + "\n")

    # NumPy's keywords: dtype=, ddof=, keepdims= (options written as dtype=...;ddof=...;keepdims=...)
    opt = []
    options = [("sum", {"dtype": "int8"}), ("sum", {"dtype": "float32"}), ("sum", {"dtype": "uint8"}),
               ("prod", {"dtype": "int16"}), ("mean", {"dtype": "float32"}), ("mean", {"dtype": "float64"}),
               ("var", {"ddof": 1}), ("std", {"ddof": 1}), ("var", {"ddof": 2}), ("var", {"ddof": 12}),
               ("std", {"ddof": 3, "dtype": "float32"}), ("sum", {"keepdims": True}), ("max", {"keepdims": True}),
               ("var", {"ddof": 1, "keepdims": True}), ("mean", {"dtype": "complex128", "keepdims": True}),
               ("argmin", {"keepdims": True}), ("any", {"keepdims": True})]
    for op, kw in options:
        for d in ["float64", "int64", "int8", "uint8", "float32", "complex128", "bool"]:
            a = arrays[d]
            if op in ("var", "std") and d == "bool":
                continue
            for axes in [None, (0,), (2,), (0, 2)]:
                if op == "argmin" and axes is not None and len(axes) > 1:
                    continue
                ax = axes if axes is None or len(axes) > 1 else axes[0]
                npkw = {k: (DT[v] if k == "dtype" else v) for k, v in kw.items()}
                if "dtype" in npkw and np.dtype(npkw["dtype"]).kind in "f" and d == "complex128":
                    continue  # NumPy refuses complex to float (ComplexWarning, or TypeError for casting)
                try:
                    out = getattr(np, op)(a, axis=ax, **npkw)
                except TypeError:
                    continue
                text = ";".join(f"{k}={v}" for k, v in kw.items())
                opt.append(" | ".join([op, d, "all" if axes is None else ",".join(map(str, axes)), text, shp(a),
                                       vals(a), dname(out), shp(out), vals(out)]))
    with open("../resources/numpy/reduction_option_cases.txt", "w") as fh:
        fh.write("\n".join(opt) + "\n")


if __name__ == "__main__":
    main()
