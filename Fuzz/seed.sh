#!/usr/bin/env bash
# Writes the seed corpus of each target into Fuzz/seeds/TARGET/ from the demo data (linkfit-demo/)
# and the shapes the unit tests use (quoted fields, doubled quotes, CRLF, BOM, blank lines, ragged
# rows). Seeds are small: the fuzzer grows them. Run once; Fuzz/run.sh copies them into the working
# corpus Fuzz/corpus/TARGET/ (not committed).
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=Fuzz/seeds
rm -rf "$seeds"; mkdir -p "$seeds"/{csv,settings,model,oldnew,ledger}

# csv: control byte (see Fuzz/csv.swift) + text. Each sample with each delimiter, detected and forced.
samples=()
for f in did hes old_new_hesid truth; do samples+=("$(head -6 linkfit-demo/data/$f.csv)"); done
samples+=($'a,b,c\n1,"x, y",3\n"q""uote",,\n' $'a,b\r\n1,2\r\n' $'\xef\xbb\xbfa,b\n1,2\n' $'a,b\n\n1,2\n' \
          $'a,b\n1,2,3\n' $'a,b\n"1\n2",3\n' $'a,b\n"unclosed,3\n' $'A,a\n1,2\n' $'a,,b\n1,2,3\n' $'a\n' $'a,b\n1,"2"x\n')
n=0
for text in "${samples[@]}"; do
    for d in 0 1 2 3; do
        case $d in 0|1) body=$text ;; 2) body=${text//,/$'\t'} ;; 3) body=${text//,/|} ;; esac
        for variant in 0 0x9C 0xA8 0x44; do   # plain; partition + 512 B; partition + header-only + 4 B; limit + 16 B
            printf "\\x$(printf %02x $(( variant | d )))" > "$seeds/csv/s$n"; printf '%s' "$body" >> "$seeds/csv/s$n"; n=$((n+1))
        done
        [[ $d == 0 ]] && { printf '\x02' > "$seeds/csv/s$n"; printf '%s' "$body" >> "$seeds/csv/s$n"; n=$((n+1)); }  # forced tab on commas
    done
done

# model and settings: the demo model, its settings alone, and small shapes.
cp linkfit-demo/model.json "$seeds/model/demo.json"
python3 -c 'import json,sys; m=json.load(open("linkfit-demo/model.json")); json.dump(m["settings"], open(sys.argv[1],"w"), indent=2)' "$seeds/settings/demo.json"
printf '{}' > "$seeds/settings/empty.json"
printf '{"schemaVersion": 1, "comparisons": []}' > "$seeds/settings/none.json"
printf '{"schemaVersion": 1}' > "$seeds/model/version.json"
printf '[1, 2.5e300, "x", null, true]' > "$seeds/settings/array.json"

# oldnew: the demo file, chains, a cycle, a self map, a repeated old id, a blank id, other columns.
head -8 linkfit-demo/data/old_new_hesid.csv > "$seeds/oldnew/demo.csv"
printf 'OLD_HESID,NEW_HESID\nA,B\nB,C\nC,D\n' > "$seeds/oldnew/chain.csv"
printf 'OLD_HESID,NEW_HESID\nA,B\nB,A\nC,C\n' > "$seeds/oldnew/cycle.csv"
printf 'OLD_HESID,NEW_HESID\nA,B\nA,C\nD,\n' > "$seeds/oldnew/bad.csv"
printf 'NEW_HESID|X|OLD_HESID\r\nB|1|A\r\n' > "$seeds/oldnew/pipe.csv"
printf 'OLD_HESID,NEW_HESID\n' > "$seeds/oldnew/header.csv"

# ledger: header, valid rows of each verdict, and malformed ones.
h='DID_ID,HESID,DECISION,REVIEWER,DECIDED_ON,FILE_VERSION,MODEL,RECORD_FINGERPRINT,KEY'
fp=0123456789abcdef0123456789ABCDEF
printf '%s\nD1,H1,match,ann,2025-01-02,v1,m1,%s,k1\nD1,H2,non-match,bo,2025-01-03,v1,m1,%s,\nD2,H3,unsure,,,,,%s,k\n' "$h" $fp $fp $fp > "$seeds/ledger/valid.csv"
printf '%s\n' "$h" > "$seeds/ledger/header.csv"
printf '%s\nD1,H1,maybe,a,b,c,d,%s,k\n,H1,match,a,b,c,d,%s,k\nD1,H1,match,a,b,c,d,xyz,k\n' "$h" $fp $fp > "$seeds/ledger/bad.csv"
printf 'DID_ID\tHESID\tKEY\tDECISION\tREVIEWER\tDECIDED_ON\tFILE_VERSION\tMODEL\tRECORD_FINGERPRINT\nD1\tH1\tk\tmatch\t\t\t\t\t%s\n' $fp > "$seeds/ledger/tab.csv"
for t in csv settings model oldnew ledger; do echo "seed: $t: $(ls "$seeds/$t" | wc -l) inputs" >&2; done
