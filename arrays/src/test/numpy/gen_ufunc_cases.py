"""Writes the expected results of the ufunc and reduction conformance tests, computed by NumPy.

Run from this folder with NumPy 2.x: python3 gen_ufunc_cases.py
Output: ../resources/numpy/ufunc_cases.txt and ../resources/numpy/reduction_cases.txt, one case per line:
  op | in dtypes | in shapes | inputs (';' between operands) | result dtype | result shape | result values
Values are C-order, comma separated, written with repr (nan, inf, -inf, True/False as 1/0).
Where NumPy answers bool operands with int8 or float16, the expected result is written as int32, or computed
in float32: the library has neither int8 nor float16.
"""
import warnings
import numpy as np

warnings.simplefilter("ignore")
DT = {"float64": np.float64, "float32": np.float32, "int64": np.int64, "int32": np.int32, "bool": np.bool_}
MAP = {"int8": "int32", "float16": "float32"}


def vals(a):
    a = np.asarray(a)
    if a.dtype == np.bool_:
        return ",".join("1" if v else "0" for v in a.ravel())
    if a.dtype.kind in "iu":
        return ",".join(str(int(v)) for v in a.ravel())
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
OTHER = {
    "float64": np.array([2.0, -3.0, 0.0, np.nan]),
    "float32": np.array([2.0, -3.0, 0.0, 0.5], np.float32),
    "int64": np.array([2, -3, 0, 4], np.int64),
    "int32": np.array([2, -3, 0, 4], np.int32),
    "bool": np.array([True, False, True, False]),
}
POSITIVE = {
    "float64": np.array([[0.5, 2.0, 9.0], [0.25, 1.0, 0.75]]),
    "float32": np.array([[0.5, 2.0, 9.0], [0.25, 1.0, 0.75]], np.float32),
    "int64": np.array([[1, 2, 9], [3, 1, 7]], np.int64),
    "int32": np.array([[1, 2, 9], [3, 1, 7]], np.int32),
    "bool": np.array([[True, False, True], [False, True, True]]),
}
BINARY = ["add", "subtract", "multiply", "divide", "power", "mod", "floor_divide", "maximum", "minimum",
          "arctan2", "hypot", "less", "less_equal", "greater", "greater_equal", "equal", "not_equal",
          "logical_and", "logical_or", "logical_xor"]
UNARY = ["negative", "abs", "sqrt", "square", "exp", "expm1", "log", "log10", "log1p", "sin", "cos", "tan",
         "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "floor", "ceil", "rint", "sign", "reciprocal",
         "logical_not"]
PAIRS = [("float64", "float64"), ("float32", "float32"), ("int64", "int64"), ("int32", "int32"), ("bool", "bool"),
         ("int32", "float32"), ("int64", "float64"), ("bool", "int32"), ("int32", "int64"), ("float32", "float64")]


def line(op, ins, out):
    return " | ".join([op, ",".join(dname(a) for a in ins), ",".join(shp(a) for a in ins),
                       ";".join(vals(a) for a in ins), dname(out), shp(out), vals(out)])


def main():
    lines = []
    for op in BINARY:
        f = getattr(np, op)
        for da, db in PAIRS:
            a, b = BASE[da], OTHER[db]
            if op == "power" and db in ("int64", "int32"):
                b = np.abs(b)
            try:
                out = f(a, b)
            except TypeError:
                lines.append(" | ".join([op, da + "," + db, shp(a) + "," + shp(b), vals(a) + ";" + vals(b), "error", "-", ""]))
                continue
            if out.dtype == np.float16:  # no float16 here: the library answers in float32
                out = f(a.astype(np.float32), b.astype(np.float32))
            lines.append(line(op, [a, b], out))
    # broadcasting: (3,1) with (4,), and a reversed (negative stride) operand is exercised by the Java test itself
    a = np.array([[1.0], [2.0], [3.0]])
    b = np.array([10.0, 20.0, 30.0, 40.0])
    lines.append(line("add", [a, b], a + b))
    lines.append(line("multiply", [np.arange(6, dtype=np.int64).reshape(2, 3), np.array([2], np.int32)],
                      np.arange(6).reshape(2, 3) * np.array([2], np.int32)))
    for op in UNARY:
        f = getattr(np, op)
        for d in DT:
            a = POSITIVE[d] if op in ("sqrt", "log", "log10", "log1p", "arcsin", "arccos") and d != "bool" else BASE[d]
            if op in ("arcsin", "arccos") and d != "bool":
                a = (POSITIVE[d] / 10).astype(POSITIVE[d].dtype) if d.startswith("float") else POSITIVE[d] // 9
            if op == "reciprocal" and d in ("int64", "int32"):
                a = POSITIVE[d]
            try:
                out = f(a)
            except TypeError:
                lines.append(" | ".join([op, d, shp(a), vals(a), "error", "-", ""]))
                continue
            if out.dtype == np.float16:  # no float16 here: the library answers in float32
                out = f(a.astype(np.float32))
            lines.append(line(op, [a], out))
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
    for op in ["sum", "prod", "mean", "var", "std", "min", "max", "argmin", "argmax", "any", "all"]:
        for d, a in arrays.items():
            for axes in [None, (0,), (1,), (2,), (-1,), (0, 2), (1, 2), (0, 1, 2)]:
                if op in ("argmin", "argmax") and axes is not None and len(axes) > 1:
                    continue
                ax = axes if axes is None or len(axes) > 1 else axes[0]
                out = getattr(np, op)(a, axis=ax)
                red.append(" | ".join([op, d, "all" if axes is None else ",".join(map(str, axes)), shp(a), vals(a),
                                       dname(out), shp(out), vals(out)]))
    with open("../resources/numpy/reduction_cases.txt", "w") as fh:
        fh.write("\n".join(red) + "\n")


if __name__ == "__main__":
    main()
