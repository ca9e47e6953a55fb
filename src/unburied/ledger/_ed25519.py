"""Edwards25519 point checks that make Ed25519 verification give one answer in every tool.

RFC 8032 §5.1.3 (decoding) and §5.1.4 (point addition) in plain integers. ``cryptography``
does the signing and verifying; this module only refuses inputs on which verifiers are known
to disagree (C2SP CCTV ``ed25519`` vectors; https://hdevalence.ca/blog/2020-10-04-its-25519am):

* a public key must be canonical (y < p, no "x = -0"), on the curve, and of prime order L
  (not the identity, no low-order component), checked by computing [L]A;
* a signature's R must be canonical and not one of the low-order points, and S < L.

Key checks cost about a millisecond and run once, when a key is parsed or created.
"""

from __future__ import annotations

__all__ = ["LOW_ORDER_POINTS", "public_key_problem", "signature_problem"]

_P = 2**255 - 19
_L = 2**252 + 27742317777372353535851937790883648493
_D = -121665 * pow(121666, -1, _P) % _P
_SQRT_M1 = pow(2, (_P - 1) // 4, _P)

#: Every encoding of a low-order point, canonical or not (C2SP CCTV ed25519/README.md).
LOW_ORDER_POINTS = frozenset(
    bytes.fromhex(h)
    for h in (
        "0000000000000000000000000000000000000000000000000000000000000000",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "0000000000000000000000000000000000000000000000000000000000000080",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        "0100000000000000000000000000000000000000000000000000000000000000",
        "0100000000000000000000000000000000000000000000000000000000000080",
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    )
)

_Point = tuple[int, int, int, int]  # extended coordinates (X, Y, Z, T), RFC 8032 §5.1.4


def public_key_problem(key: bytes) -> str | None:
    """Return why ``key`` is refused as an Ed25519 public key, or ``None`` if it is sound."""
    if len(key) != 32:
        return f"has {len(key)} bytes, expected 32"
    if key in LOW_ORDER_POINTS:
        return "is a low-order point"
    point = _decode(key)
    if isinstance(point, str):
        return point
    if not _is_identity(_multiply(_L, point)):
        return "has a low-order component (not of prime order)"
    return None


def signature_problem(signature: bytes) -> str | None:
    """Return why a 64-byte Ed25519 signature is refused before verification, or ``None``."""
    if len(signature) != 64:
        return f"has {len(signature)} bytes, expected 64"
    r, s = signature[:32], signature[32:]
    if r in LOW_ORDER_POINTS:
        return "has a low-order R"
    if int.from_bytes(r, "little") & (2**255 - 1) >= _P:
        return "has a non-canonical R"
    if int.from_bytes(s, "little") >= _L:
        return "has S not below the group order"
    return None


def _decode(key: bytes) -> _Point | str:
    """Decode a point as RFC 8032 §5.1.3; a text result says why the encoding is refused."""
    y = int.from_bytes(key, "little")
    sign = y >> 255
    y &= 2**255 - 1
    if y >= _P:
        return "is not canonically encoded (y ≥ p)"
    u = (y * y - 1) % _P
    v = (_D * y * y + 1) % _P
    x = u * pow(v, 3, _P) * pow(u * pow(v, 7, _P), (_P - 5) // 8, _P) % _P
    if (v * x * x - u) % _P != 0:
        x = x * _SQRT_M1 % _P
        if (v * x * x - u) % _P != 0:
            return "is not a point on the curve"
    if x == 0 and sign:
        return "is not canonically encoded (x = -0)"
    if x & 1 != sign:
        x = _P - x
    return (x, y, 1, x * y % _P)


def _add(p: _Point, q: _Point) -> _Point:
    """Complete twisted Edwards addition (RFC 8032 §5.1.4), valid for doubling too."""
    x1, y1, z1, t1 = p
    x2, y2, z2, t2 = q
    a = (y1 - x1) * (y2 - x2) % _P
    b = (y1 + x1) * (y2 + x2) % _P
    c = 2 * t1 * t2 * _D % _P
    d = 2 * z1 * z2 % _P
    e, f, g, h = b - a, d - c, d + c, b + a
    return (e * f % _P, g * h % _P, f * g % _P, e * h % _P)


def _multiply(k: int, p: _Point) -> _Point:
    result: _Point = (0, 1, 1, 0)
    while k:
        if k & 1:
            result = _add(result, p)
        p = _add(p, p)
        k >>= 1
    return result


def _is_identity(p: _Point) -> bool:
    x, y, z, _ = p
    return x % _P == 0 and (y - z) % _P == 0
