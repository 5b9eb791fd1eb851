"""Count what dlmath does with bad input, over a fixed sweep (no randomness).

    python -m tests.math.bad_input_sweep [--limit SECONDS] [--json OUT] [--verbose]

Every public dlmath function (and a few public methods) gets each of its arguments
replaced, one at a time, by the bad values of :func:`tests.math.badinput.bad_values`
(NaN, ±inf, huge/tiny, 0/-1/2.7/10**8 sizes, bools, strings, None, complex, empty and
wrong-shaped arrays). Each call is classified (see :mod:`tests.math.badinput`) and the
counts are printed: calls tried, clear errors naming the argument, errors not naming it,
silent NaN/inf results, wrong finite results (an invalid value accepted), slow calls.
"""

from __future__ import annotations

import argparse
import collections
import json
import resource
import sys
import warnings

from tests.math import badinput


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=float, default=20.0, help="seconds per call before 'slow'")
    ap.add_argument("--json", help="write every probe to this JSON file")
    ap.add_argument("--verbose", action="store_true", help="list every call that is not clear/ok")
    ap.add_argument("--memory-gb", type=float, default=3.0, help="address-space limit")
    args = ap.parse_args(argv)
    lim = int(args.memory_gb * 2**30)
    resource.setrlimit(resource.RLIMIT_AS, (lim, resource.getrlimit(resource.RLIMIT_AS)[1]))
    warnings.simplefilter("ignore")
    missing = sorted(set(badinput.public_functions()) - set(badinput.CASES))
    probes = []
    for case, arg, label, value, validity in badinput.all_probes():
        p = badinput.probe(case, arg, label, value, validity, seconds=args.limit)
        probes.append(p)
        if args.verbose and p.outcome not in ("clear", "ok"):
            print(f"{p.outcome:9s} {p.case}({p.arg}={p.label}) {p.detail[:160]}", flush=True)
    counts = collections.Counter(p.outcome for p in probes)
    print(f"public functions without a case: {missing or 'none'}")
    print(f"bad calls tried:                          {len(probes)}")
    print(f"clear error naming the argument:          {counts['clear']}")
    print(f"error not naming the argument / other:    {counts['unclear']}")
    print(f"silent NaN/inf result:                    {counts['nonfinite']}")
    print(f"wrong finite result (invalid accepted):   {counts['accepted']}")
    print(f"finite result for a possibly valid value: {counts['ok']}")
    print(f"slower than {args.limit:g} s:                        {counts['slow']}")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump([p.__dict__ for p in probes], fh, indent=0, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main())
