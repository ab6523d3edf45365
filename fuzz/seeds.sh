#!/usr/bin/env bash
# Fills corpus/<target>/ with the published test networks as starting inputs (each prefixed
# with the options byte the targets read first).
set -euo pipefail
cd "$(dirname "$0")"
data=../tests/data
seed() { # target, glob
  mkdir -p "corpus/$1"
  for f in $data/$2; do
    [ -f "$f" ] || continue
    { printf '\000'; cat "$f"; } > "corpus/$1/$(basename "$f")"
  done
}
seed read_delimited '*/*.csv'
seed read_delimited '*/*.tsv'
seed read_spreadsheet '*/*.xlsx'
seed read_spreadsheet '*/*.ods'
seed read_dl '*/*.dl'
seed read_pajek '*/*.net'
seed read_graphml '*/*.graphml'
seed read_gexf '*/*.gexf'
mkdir -p corpus/join_attributes && cp $data/florentine/florentine_attributes.csv corpus/join_attributes/
# Project files are read whole, without an options byte.
mkdir -p corpus/read_project && cp $data/project/*.kith corpus/read_project/
