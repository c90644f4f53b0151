#!/usr/bin/env python3
"""An upper bound on what the associative rule of issue 12 (the patient's other records) could buy.

Usage: associative_bound.py SYNTH_DIR RUN_DIR   (a synth folder with did.csv and truth.csv; a run folder)

For every DID record without a valid NHS number that is in HES and not linked right, it looks for other
DID records with the same birth date, sex and postcode (standardised) that linked at rank 1 with a valid
NHS number, and counts how many such records the rule would link (right or wrong against the truth),
and what the run did with them (status, review reason, twin label). The truth is used only to judge.
"""
import csv, sys, re, collections
did = list(csv.DictReader(open(sys.argv[1] + '/did.csv')))
links = {r['DID_ID']: r for r in csv.DictReader(open(sys.argv[2] + '/links.csv'))}
truth = {r['DID_ID']: r for r in csv.DictReader(open(sys.argv[1] + '/truth.csv'))}
def date(s):
    s = s.strip()
    if re.match(r'^\d{4}-\d\d-\d\d$', s): return s
    if re.match(r'^\d\d/\d\d/\d{4}$', s): return s[6:] + '-' + s[3:5] + '-' + s[:2]
    if re.match(r'^\d{8}$', s): return s[:4] + '-' + s[4:6] + '-' + s[6:]
    return ''
def sex(s): return {'1': '1', '2': '2', 'M': '1', 'F': '2'}.get(s.strip().upper(), '')
def pc(s):
    s = s.upper().replace(' ', '')
    return '' if not s or s.startswith('ZZ99') else s
def valid(n):
    d = re.sub(r'[ -]', '', n)
    if not re.match(r'^\d{10}$', d): return False
    t = sum(int(d[i]) * (10 - i) for i in range(9)); c = 11 - t % 11
    c = 0 if c == 11 else c
    return c != 10 and c == int(d[9])
groups = collections.defaultdict(list)
for r in did:
    k = (date(r['PERSON_BIRTH_DATE']), sex(r['GENDER']), pc(r['POSTCODE']))
    if all(k): groups[k].append(r)
def right(r):
    l = links[r['DID_ID']]; t = truth[r['DID_ID']]
    return l['LINK_STATUS'].startswith('linked') and l['HESID'] in (t['HESID'], t['ALSO_HESID'])
missed = [r for r in did if not valid(r['NHS_NUMBER']) and truth[r['DID_ID']]['HESID'] and not right(r)]
wrong_links = [r for r in did if not valid(r['NHS_NUMBER']) and links[r['DID_ID']]['LINK_STATUS'].startswith('linked') and not right(r)]
print('records without a valid NHS number:', sum(1 for r in did if not valid(r['NHS_NUMBER'])))
print('of them in HES and missed (not linked right):', len(missed), '; linked wrong:', len(wrong_links))
bought = wrong = ambiguous = 0
for r in missed:
    k = (date(r['PERSON_BIRTH_DATE']), sex(r['GENDER']), pc(r['POSTCODE']))
    if not all(k): continue
    anchors = [s for s in groups[k] if s is not r and valid(s['NHS_NUMBER']) and links[s['DID_ID']]['MATCH_RANK'] == '1']
    ids = set(links[s['DID_ID']]['HESID'] for s in anchors)
    nhs = set(re.sub(r'[ -]', '', s['NHS_NUMBER']) for s in anchors)
    if len(nhs) > 1: ambiguous += 1; continue
    if len(ids) == 1:
        t = truth[r['DID_ID']]
        if ids & {t['HESID'], t['ALSO_HESID']}: bought += 1
        else: wrong += 1
print('missed records a rank-1 record of the same DID birth date, sex and postcode would link: right', bought, 'wrong', wrong, 'ambiguous (two NHS numbers)', ambiguous)
print('missed by status:', collections.Counter(links[r['DID_ID']]['LINK_STATUS'] for r in missed))
rev = {}
for row in csv.DictReader(open(sys.argv[2] + '/review.csv')):
    rev.setdefault(row['DID_ID'], row['REASON'])
c = collections.Counter()
for r in missed:
    k = (date(r['PERSON_BIRTH_DATE']), sex(r['GENDER']), pc(r['POSTCODE']))
    if not all(k): continue
    anchors = [s for s in groups[k] if s is not r and valid(s['NHS_NUMBER']) and links[s['DID_ID']]['MATCH_RANK'] == '1']
    ids = set(links[s['DID_ID']]['HESID'] for s in anchors)
    if len(ids) == 1:
        t = truth[r['DID_ID']]
        c[(links[r['DID_ID']]['LINK_STATUS'], rev.get(r['DID_ID'], ''), 'twin' in t['DEFECTS'], 'communal' in t['DEFECTS'])] += 1
for k, v in c.most_common(): print(v, k)
