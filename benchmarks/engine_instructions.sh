#!/bin/bash
# engine_instructions.sh [PYTHON] [PLAN]: instructions (valgrind, millions) of the engine alone: parse and load,
# then build_passages, then evaluate, each in a fresh process; the differences are the phases.
# PYTHON is an interpreter with jfp installed (compare two builds by running this with each).
PY=${1:-python3}; F=${2:-$HOME/.cache/jfp-bench/plan-36.docx}
run() { PYTHONHASHSEED=0 valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null $PY -c "
from jfp.parsers import parse
from jfp.engine.loader import load_pack
from jfp.engine.evaluate import evaluate, EvaluateOptions
from jfp.engine.evidence import build_passages
import pydantic, jfp.models as M
for n in dir(M):  # build every model's validator first: that is pydantic's cost, not the engine's
    c = getattr(M, n)
    if isinstance(c, type) and issubclass(c, pydantic.BaseModel) and c is not pydantic.BaseModel:
        try: c.model_validate({})
        except Exception: pass
doc=parse('$F'); pack=load_pack('jfp-2024-25')
if $1 == 1: build_passages([doc], pack)
if $1 == 2: evaluate([doc], pack, EvaluateOptions(collect_hits=False))
" 2>&1 >/dev/null | grep "I *refs" | awk '{print $NF}' | tr -d ,; }
a=$(run 0); b=$(run 1); c=$(run 2)
echo "$PY: build_passages $(( (b-a)/1000000 )) M, rest of evaluate $(( (c-b)/1000000 )) M, evaluate $(( (c-a)/1000000 )) M"
