"""Papermill-style parameters for the C# notebooks, for runs through Jupyter's own executor.

The same rules as lib/CompatNotebooks.Runner/NotebookParameters.cs (what `compat-notebooks run -p` does): the
variables declared at the top level of the cell tagged `parameters` can be set; each value is written as a C#
literal of the declared type (or, for `var`, the type of its literal initializer) in a cell tagged
`injected-parameters` inserted right after it. A test (tests/CompatNotebooks.Tests/Jupyter) checks that both give
the same cell for the same input.
"""

import decimal
import math
import re
import struct

PARAMETERS_TAG = "parameters"
INJECTED_TAG = "injected-parameters"
INJECTED_HEADER = "// Parameters set by `compat-notebooks run -p name=value`."

_IDENTIFIER = r"@?[A-Za-z_][A-Za-z0-9_]*"
# A type as a parameters cell writes it: a (dotted) name, generic arguments, array ranks, nullable marks.
_DECLARATION = re.compile(
    r"^(?:(?:const|static|readonly|public|private|internal)\s+)*"
    r"(?P<type>[A-Za-z_][\w.]*(?:\s*<[^=;]*>)?(?:\s*\[[,\s]*\])*\??)\s+"
    r"(?P<rest>" + _IDENTIFIER + r"\s*(?:=.*)?)$",
    re.S,
)
_VARIABLE = re.compile(r"\s*(?P<name>" + _IDENTIFIER + r")\s*(?:=(?P<value>.*))?", re.S)
_KEYWORDS_THAT_ARE_NOT_TYPES = {"return", "using", "throw", "await", "yield", "goto", "new", "else", "case", "namespace"}


class ParameterError(ValueError):
    """A parameter that cannot be set (undeclared, unknown type, or a value that does not parse)."""


def _code_only(source):
    """The source with comments and the contents of string and char literals blanked (same length, same offsets)."""
    out = []
    i, n = 0, len(source)
    while i < n:
        string = re.match(r'(\$@|@\$|@|\$)?"', source[i:i + 3])
        if source.startswith("//", i):
            end = source.find("\n", i)
            end = n if end < 0 else end
            out.append(" " * (end - i))
            i = end
        elif source.startswith("/*", i):
            end = source.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out.append(re.sub(r"[^\n]", " ", source[i:end]))
            i = end
        elif string:
            verbatim = "@" in (string.group(1) or "")
            j, closed = i + string.end(), False
            while j < n and not closed:
                if verbatim and source.startswith('""', j):
                    j += 2
                elif not verbatim and source[j] == "\\":
                    j += 2
                else:
                    closed = source[j] == '"'
                    j += 1
            j = min(j, n)
            out.append(source[i:i + string.end()] + "_" * (j - i - string.end() - closed) + '"' * closed)
            i = j
        elif source[i] == "'":
            j = i + 1
            while j < n and source[j] != "'":
                j += 2 if source[j] == "\\" else 1
            j = min(j + 1, n)
            out.append("'" + "_" * (j - i - 1))
            i = j
        else:
            out.append(source[i])
            i += 1
    return "".join(out)


def _top_level_split(code, separator):
    """(start, end) of the pieces of `code` between `separator`s outside (), [] and {} nesting; with ";" a block
    closing at the top level also ends a piece (an `if` or a method needs no semicolon)."""
    depth, start = 0, 0
    for i, c in enumerate(code):
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if c == "}" and depth == 0 and separator == ";":
                yield start, i + 1
                start = i + 1
        elif c == separator and depth == 0:
            yield start, i
            start = i + 1
    yield start, len(code)


def declared_types(cell):
    """Top-level variables declared in `cell`: name -> C# type as written, or None when a `var` has no literal."""
    code = _code_only(cell)
    types = {}
    for start, end in _top_level_split(code, ";"):
        piece = code[start:end]
        start += len(piece) - len(piece.lstrip())
        end = start + len(piece.strip())
        match = _DECLARATION.match(code[start:end])
        if not match or match.group("type").split("<")[0] in _KEYWORDS_THAT_ARE_NOT_TYPES:
            continue
        declared = match.group("type")
        rest = start + match.start("rest")
        for part_start, part_end in _top_level_split(code[rest:end], ","):
            part = _VARIABLE.fullmatch(code[rest + part_start:rest + part_end])
            if not part:
                continue
            name = part.group("name").lstrip("@")
            if declared != "var":
                types[name] = declared
            elif part.group("value") is None:
                types[name] = None
            else:
                # The literal is read from the original text: `code` has string contents blanked.
                types[name] = _literal_type(cell[rest + part_start + part.start("value"):rest + part_end].strip())
    return types


_INTEGER = re.compile(r"^(0[xX][0-9A-Fa-f_]+|0[bB][01_]+|[0-9][0-9_]*)([uU][lL]?|[lL][uU]?)?$")
_REAL = re.compile(r"^([0-9][0-9_]*)?(\.[0-9][0-9_]*)?([eE][+-]?[0-9][0-9_]*)?([fFdDmM])?$")


def _literal_type(initializer):
    if initializer is None:
        return None
    text = initializer
    if text.startswith("-"):
        text = text[1:].lstrip()
    if re.fullmatch(r'@?"(?:[^"\\]|\\.|"")*"', text, re.S):
        return "string"
    if text in ("true", "false"):
        return "bool"
    match = _INTEGER.match(text)
    if match:
        digits = match.group(1).replace("_", "")
        value = int(digits, 16 if digits[:2] in ("0x", "0X") else 2 if digits[:2] in ("0b", "0B") else 10)
        suffix = (match.group(2) or "").lower()
        if suffix in ("ul", "lu"):
            return "ulong"
        if suffix == "u":
            return "uint" if value <= 0xFFFFFFFF else "ulong"
        if suffix == "l":
            return "long" if value <= 0x7FFFFFFFFFFFFFFF else "ulong"
        for limit, name in ((0x7FFFFFFF, "int"), (0xFFFFFFFF, "uint"), (0x7FFFFFFFFFFFFFFF, "long")):
            if value <= limit:
                return name
        return "ulong"
    match = _REAL.match(text)
    if match and (match.group(1) or match.group(2)):
        return {"f": "float", "m": "decimal"}.get((match.group(4) or "d").lower(), "double")
    return None


def injected_cell(parameters_cell, values):
    """The source of the injected cell: one assignment per parameter, typed after the declarations."""
    declared = declared_types(parameters_cell)
    lines = [INJECTED_HEADER]
    for name, value in values.items():
        if name not in declared:
            raise ParameterError(
                f"parameter '{name}' is not declared in the parameters cell (declared: {', '.join(sorted(declared))})")
        if declared[name] is None:
            raise ParameterError(
                f"parameter '{name}': its type cannot be read from a `var` declaration without a literal; declare it with an explicit type")
        lines.append(f"{name} = {literal(declared[name], value, name)};")
    return "\n".join(lines)


_INTEGER_TYPES = {
    "int": (-2**31, 2**31 - 1, ""), "Int32": (-2**31, 2**31 - 1, ""),
    "long": (-2**63, 2**63 - 1, "L"), "Int64": (-2**63, 2**63 - 1, "L"),
    "uint": (0, 2**32 - 1, "u"), "UInt32": (0, 2**32 - 1, "u"),
    "ulong": (0, 2**64 - 1, "UL"), "UInt64": (0, 2**64 - 1, "UL"),
}


def literal(type_name, value, name="value"):
    """`value` as a C# literal of type `type_name` (as .NET's invariant parsing and formatting would write it)."""
    bare = type_name.rstrip("?")
    try:
        if bare in ("string", "String", "System.String"):
            return _string_literal(value)
        if bare in _INTEGER_TYPES:
            low, high, suffix = _INTEGER_TYPES[bare]
            if not re.fullmatch(r"\s*[+-]?[0-9]+\s*", value):
                raise ValueError(value)
            number = int(value)
            if not low <= number <= high:
                raise OverflowError(value)
            return f"{number}{suffix}"
        if bare in ("double", "Double"):
            return _double_literal(_parse_float(value))
        if bare in ("float", "Single"):
            single = _to_single(_parse_float(value))
            return _dotnet_shortest(single, _single_digits(single), switch=9) + "f"
        if bare in ("decimal", "Decimal"):
            return _decimal_text(value) + "m"
        if bare in ("bool", "Boolean"):
            word = value.strip().lower()
            if word not in ("true", "false"):
                raise ValueError(value)
            return word
    except (ValueError, OverflowError, decimal.InvalidOperation):
        raise ParameterError(f"parameter '{name}': '{value}' is not a valid {type_name}") from None
    raise ParameterError(
        f"parameter '{name}': type `{type_name}` cannot be set from the command line "
        "(use string, bool, int, long, uint, ulong, float, double or decimal)")


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\0": "\\0", "\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n",
            "\r": "\\r", "\t": "\\t", "\v": "\\v"}


def _string_literal(value):
    import unicodedata
    out = ['"']
    for c in value:
        if c in _ESCAPES:
            out.append(_ESCAPES[c])
        elif unicodedata.category(c) in ("Cc", "Cn", "Zl", "Zp", "Cs"):
            out.append(f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}")
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


def _parse_float(value):
    text = value.strip()
    if not re.fullmatch(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?(?:NaN|Infinity|∞)", text, re.I):
        raise ValueError(value)
    return float(text.replace("∞", "inf").replace("Infinity", "inf").replace("infinity", "inf"))


def _double_literal(d):
    if math.isnan(d):
        return "double.NaN"
    if math.isinf(d):
        return "double.PositiveInfinity" if d > 0 else "double.NegativeInfinity"
    text = _dotnet_shortest(d, repr(abs(d)), switch=17)
    return text if "." in text or "E" in text else text + ".0"


def _to_single(d):
    single = struct.unpack("f", struct.pack("f", d))[0]  # OverflowError beyond float's range, as float.Parse
    return single


def _single_digits(single):
    if math.isinf(single) or math.isnan(single):
        raise OverflowError(single)
    for precision in range(1, 10):
        text = f"{abs(single):.{precision}g}"
        if struct.unpack("f", struct.pack("f", float(text)))[0] == abs(single):
            return text
    return f"{abs(single):.9g}"


def _dotnet_shortest(number, shortest, switch):
    """Formats the shortest round-trip digits the way .NET's "R" does: scientific below 1e-4 and from 1e`switch` (17 for double, 9 for float)."""
    sign = "-" if math.copysign(1, number) < 0 else ""
    digits_part, _, exponent_part = shortest.lower().partition("e")
    exponent = int(exponent_part or 0)
    whole, _, fraction = digits_part.partition(".")
    digits = (whole + fraction).lstrip("0")
    if not digits:
        return sign + "0"
    # Decimal exponent of the first significant digit.
    leading_zeros = len(whole + fraction) - len((whole + fraction).lstrip("0"))
    point = len(whole) + exponent - leading_zeros
    digits = digits.rstrip("0")
    first = point - 1
    if first < -4 or first >= switch:
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{sign}{mantissa}E{'-' if first < 0 else '+'}{abs(first):02d}"
    if point <= 0:
        return f"{sign}0.{'0' * -point}{digits}"
    if point >= len(digits):
        return f"{sign}{digits}{'0' * (point - len(digits))}"
    return f"{sign}{digits[:point]}.{digits[point:]}"


def _decimal_text(value):
    text = value.strip()
    if not re.fullmatch(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", text):
        raise ValueError(value)
    number = decimal.Decimal(text)
    if abs(number) > decimal.Decimal("79228162514264337593543950335"):
        raise OverflowError(value)
    formatted = format(number, "f")
    if formatted.startswith("-") and decimal.Decimal(formatted) == 0:
        formatted = formatted[1:]
    return formatted
