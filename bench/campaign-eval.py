#!/usr/bin/env python3
"""campaign-eval.py - how well gd-tally --campaigns finds campaigns.

    campaign-eval.py synth TRUTH MARKED [--row LABEL] [--examples N]
                     [--vars FILE] [--oracle]
    campaign-eval.py real MARKED [--whole N]... [--shared-line]

MARKED is the output of `gd-tally --campaigns --mark-campaigns`: every
response record, in input order, with "campaign":"cNNNN" when it is in
one, then the campaign records and the summary.

synth: TRUTH is the ground truth written by bench/campaign-gen (-t), one
line per response in the same order: id, seeded campaign label or "-",
edit, burst, lang (tab-separated).  Prints pairwise precision and recall
of the campaigns found against the seeded ones (from contingency counts:
a pair is two responses in the same campaign), how many seeded campaigns
came out whole, split, partial (some members left out), merged or missed,
whether individual responses were put into campaigns (the boilerplate
check), the share of members joined by edit, language and size, bursts,
and examples of the failures.  With --row, one table row instead
(threshold label, precision, recall, F1, campaigns found, seeded, seeded
ones found exactly, split, missed, found ones merging several seeded,
individual responses in campaigns).  --vars FILE also writes the main
figures as KEY=VALUE lines, for the benchmark script.  --oracle adds the
recall an ideal detector would reach at each threshold (exact Jaccard of
word triples with the campaign's commonest text, no chaining): how much
of a shortfall the threshold itself explains.

real: checks on a real export.  --whole N: every group of exactly N
responses with the same non-empty text must be in one campaign, each
group in its own.  --shared-line: the commonest line of the texts (a
docket or subject line) must not make one campaign of the responses that
carry it: the largest campaign must hold fewer than half of them.
Prints one line per check ending in PASS or MISS; exits 1 on a MISS.
"""

import collections
import json
import re
import sys

RE_ID = re.compile(r'"id":"((?:[^"\\]|\\.)*)"')
RE_CAMP = re.compile(r',"campaign":"(c[0-9]+)"\}\s*$')
RESPONSE = '{"gd":1,"kind":"response"'
SIZE_BUCKETS = [(3, 5), (6, 20), (21, 100), (101, 1000), (1001, 10 ** 12)]


def die(msg):
    sys.stderr.write("campaign-eval: %s\n" % msg)
    sys.exit(2)


def pairs(n):
    return n * (n - 1) // 2


def text_of(line):
    """The free text of a record: its comments.* joined by newlines."""
    r = json.loads(line)
    c = r.get("comments") or {}
    return "\n".join(v for v in c.values() if isinstance(v, str))


def shingles(text):
    """Word triples of a text without its subject line ("Re: ..."),
    roughly as gd folds it (lower case, word characters)."""
    keep = [ln for ln in text.split("\n") if not ln.startswith("Re: ")]
    w = re.findall(r"\w+", " ".join(keep).lower())
    return {tuple(w[i:i + 3]) for i in range(len(w) - 2)}


def jaccard(a, b):
    sa, sb = shingles(a), shingles(b)
    if not sa and not sb:
        return 1.0
    return len(sa & sb) / len(sa | sb)


def clip(s, n=160):
    s = s.replace("\n", " / ")
    return s if len(s) <= n else s[:n - 1] + "…"


def pct(a, b):
    return 100.0 * a / b if b else 100.0


def read_aggregates(line, camps, summary):
    if '"kind":"campaign"' in line:
        r = json.loads(line)
        if r.get("kind") == "campaign":
            camps[r["id"]] = r
    elif '"kind":"summary"' in line:
        r = json.loads(line)
        if r.get("kind") == "summary":
            summary.update(r)


# ---- synth -------------------------------------------------------------

def synth(truth_path, marked_path, row_label, nexamples, vars_path,
          with_oracle):
    tsize = collections.Counter()       # seeded campaign -> members
    fsize = collections.Counter()       # found campaign -> members
    cell = collections.Counter()        # (found, seeded) -> members
    f_ind = collections.Counter()       # found -> individual responses
    t_out = collections.Counter()       # seeded -> members in no campaign
    t_burst = set()
    t_lang = {}
    members = []                        # (seeded, found or None, edit, lang)
    n = 0
    n_ind = 0                           # responses in no seeded campaign
    n_short = collections.Counter()     # kind -> responses, among them
    short_in = collections.Counter()    # kind -> those put in a campaign
    camps, summary = {}, {}
    first_of = {}                       # found -> a member id
    with open(truth_path, encoding="utf-8") as tf, \
            open(marked_path, encoding="utf-8") as mf:
        for line in mf:
            if not line.startswith(RESPONSE):
                read_aggregates(line, camps, summary)
                continue
            tl = tf.readline()
            if not tl:
                die("%s has more responses than %s" % (marked_path,
                                                       truth_path))
            rid, lab, edit, burst, lang = tl.rstrip("\n").split("\t")
            m = RE_ID.search(line)
            if m is None or m.group(1) != rid:
                die("record %d: id %s, truth says %s" % (
                    n + 1, m.group(1) if m else "?", rid))
            m = RE_CAMP.search(line)
            f = m.group(1) if m else None
            n += 1
            if f is not None:
                fsize[f] += 1
                first_of.setdefault(f, rid)
            if lab == "-":
                n_ind += 1
                n_short[edit] += 1
                if f is not None:
                    f_ind[f] += 1
                    short_in[edit] += 1
                continue
            tsize[lab] += 1
            t_lang[lab] = lang
            if burst == "1":
                t_burst.add(lab)
            if f is None:
                t_out[lab] += 1
            else:
                cell[(f, lab)] += 1
            members.append((lab, f, edit, lang, rid))
        if tf.readline():
            die("%s has fewer responses than %s" % (marked_path, truth_path))

    tp = sum(pairs(v) for v in cell.values())
    fp_all = sum(pairs(v) for v in fsize.values())
    tp_all = sum(pairs(v) for v in tsize.values())
    prec = tp / fp_all if fp_all else 1.0
    rec = tp / tp_all if tp_all else 1.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0

    # Each seeded campaign's main found campaign: the one with most of it.
    main = {}
    t_parts = collections.defaultdict(list)   # seeded -> [(n, found)]
    f_parts = collections.defaultdict(list)   # found -> [(n, seeded)]
    for (f, t), v in cell.items():
        t_parts[t].append((v, f))
        f_parts[f].append((v, t))
    for t, parts in t_parts.items():
        parts.sort(key=lambda x: (-x[0], x[1]))
        main[t] = parts[0][1]
    for parts in f_parts.values():
        parts.sort(key=lambda x: (-x[0], x[1]))

    status = {}
    for t in tsize:
        parts = t_parts.get(t, [])
        if not parts:
            status[t] = "missed"
        elif len(parts) > 1:
            status[t] = "split"
        elif t_out[t]:
            status[t] = "partial"
        else:
            status[t] = "whole"
    # Found campaigns: pure, merged (several seeded), glued (individuals).
    f_merged = [f for f in fsize if len(f_parts.get(f, [])) > 1]
    f_glued = [f for f in fsize if f_ind[f] and f_parts.get(f)]
    f_spurious = [f for f in fsize if not f_parts.get(f)]
    f_exact = sum(1 for t in tsize if status[t] == "whole" and
                  fsize[main[t]] == tsize[t])
    ind_in = sum(f_ind.values())

    ind_max = max(f_ind.values()) if f_ind else 0
    if vars_path:
        with open(vars_path, "w", encoding="utf-8") as vf:
            for k, v in (("precision", 100 * prec), ("recall", 100 * rec),
                         ("found", len(fsize)), ("seeded", len(tsize)),
                         ("ind_in", ind_in), ("ind_all", n_ind),
                         ("ind_pct", pct(ind_in, n_ind)),
                         ("ind_max", ind_max)):
                vf.write("%s=%s\n" % (k, v))
    if row_label is not None:
        print("%-16s %9.3f%% %8.3f%% %7.4f %7d %7d %7d %6d %6d %6d %7d" % (
            row_label, 100 * prec, 100 * rec, f1, len(fsize), len(tsize),
            f_exact, sum(1 for t in tsize if status[t] == "split"),
            sum(1 for t in tsize if status[t] == "missed"),
            len(f_merged), ind_in))
        return

    say = print
    say("  responses %d: %d in %d seeded campaigns, %d not in one "
        "(%d individual texts, %d short, %d empty)" % (
            n, n - n_ind, len(tsize), n_ind, n_short["individual"],
            n_short["short"], n_short["empty"]))
    say("  pairwise: precision %.4f%% (%d of %d found pairs), recall %.4f%% "
        "(%d of %d seeded pairs), F1 %.5f" % (
            100 * prec, tp, fp_all, 100 * rec, tp, tp_all, f1))
    say("  campaigns: %d found, %d seeded; %d found exactly (same members)"
        % (len(fsize), len(tsize), f_exact))
    st = collections.Counter(status.values())
    say("  seeded campaigns: %d whole, %d partial (members left out), "
        "%d split, %d missed; %d of them in a found campaign with other "
        "members" % (st["whole"], st["partial"], st["split"], st["missed"],
                     sum(1 for t in tsize if t in main and
                         fsize[main[t]] > cell[(main[t], t)])))
    say("  found campaigns: %d merge several seeded ones, %d hold "
        "individual responses too, %d only individual responses" % (
            len(f_merged), len(f_glued), len(f_spurious)))
    say("  individual responses in campaigns: %d of %d (%.4f%%), at most "
        "%d in one; short texts: %d of %d" % (
            ind_in, n_ind, pct(ind_in, n_ind), ind_max, short_in["short"],
            n_short["short"]))
    if summary:
        say("  summary record: campaigns %s, campaign_responses %s, "
            "unique_voices %s" % (summary.get("campaigns"),
                                  summary.get("campaign_responses"),
                                  summary.get("unique_voices")))

    # Members joined to their campaign's main found campaign.
    def joined_table(title, key):
        tot, ok = collections.Counter(), collections.Counter()
        for t, f, edit, lang, _ in members:
            k = key(t, edit, lang)
            tot[k] += 1
            if f is not None and f == main.get(t):
                ok[k] += 1
        say("  members joined, by %s:" % title)
        for k in sorted(tot, key=lambda x: (-tot[x], x)):
            say("    %-22s %9d members %8.3f%% joined" % (
                k, tot[k], pct(ok[k], tot[k])))

    def edit_key(t, edit, lang):
        if edit == "exact":
            return "exact copy"
        if "+" in edit:
            return "two edits"
        return {"words": "1-3 words changed", "add": "sentence added",
                "remove": "sentence removed", "greet": "greeting+signature",
                "name": "name inserted"}.get(edit, edit)

    joined_table("edit", edit_key)
    joined_table("language", lambda t, e, lang: lang)

    say("  seeded campaigns by size:")
    say("    %-12s %8s %8s %8s %8s %8s %8s %10s" % (
        "size", "seeded", "whole", "partial", "split", "missed", "merged",
        "joined"))
    for lo, hi in SIZE_BUCKETS:
        ts = [t for t in tsize if lo <= tsize[t] <= hi]
        if not ts:
            continue
        c = collections.Counter(status[t] for t in ts)
        mem = sum(tsize[t] for t in ts)
        ok = sum(cell[(main[t], t)] for t in ts if t in main)
        merged = sum(1 for t in ts if t in main and
                     fsize[main[t]] > cell[(main[t], t)])
        label = "%d-%d" % (lo, hi) if hi < 10 ** 12 else "%d+" % lo
        say("    %-12s %8d %8d %8d %8d %8d %8d %9.3f%%" % (
            label, len(ts), c["whole"], c["partial"], c["split"],
            c["missed"], merged, pct(ok, mem)))

    # Bursts: the flag of each seeded campaign's main found campaign.
    b_ok = sum(1 for t in t_burst if t in main and
               camps.get(main[t], {}).get("burst"))
    nb = [t for t in tsize if t not in t_burst and t in main]
    nb_flag = sum(1 for t in nb if camps.get(main[t], {}).get("burst"))
    say("  bursts: %d of %d seeded burst campaigns flagged; %d of %d "
        "campaigns without a seeded burst flagged" % (
            b_ok, len(t_burst), nb_flag, len(nb)))

    if with_oracle:
        say("  ceiling: pairwise recall if every member whose word triples "
            "have Jaccard >= X with its campaign's commonest text were "
            "joined (no chaining):")
        say("    " + ", ".join("%.1f: %.3f%%" % tr for tr in oracle(
            truth_path, marked_path, (0.3, 0.4, 0.5, 0.6, 0.7, 0.8))))

    if nexamples <= 0:
        return
    # Failure examples: the largest split, partial and missed seeded
    # campaigns, the largest merged and glued found ones.
    want = {}                   # id -> text, filled by a second pass

    def bad(kind):
        ts = [t for t in tsize if status[t] == kind]
        ts.sort(key=lambda t: (-tsize[t], t))
        return ts[:nexamples]

    ex_t = {k: bad(k) for k in ("split", "partial", "missed")}
    ex_f = {"merged": sorted(f_merged, key=lambda f: -fsize[f])[:nexamples],
            "glued": sorted(f_glued + f_spurious,
                            key=lambda f: -fsize[f])[:nexamples]}
    sel_t = {t for ts in ex_t.values() for t in ts}
    sel_f = {f for fs in ex_f.values() for f in fs}
    by_t = collections.defaultdict(list)   # seeded -> its members
    for t, f, edit, lang, rid in members:
        if t in sel_t or f in sel_f:
            by_t[t].append((f, edit, rid))
    # A reference text per seeded campaign: an exact copy when there is one.
    for t, ms in by_t.items():
        ms.sort(key=lambda x: (x[1] != "exact", x[2]))
        for _, _, rid in ms[:1]:
            want[rid] = None
    outside = collections.defaultdict(list)
    for t in sel_t:
        m = main.get(t)
        for f, edit, rid in by_t[t][1:]:
            if (f != m or m is None) and len(outside[t]) < 3:
                outside[t].append((f, edit, rid))
                want[rid] = None
    glued_ids = collections.defaultdict(list)
    if sel_f:
        with open(truth_path, encoding="utf-8") as tf, \
                open(marked_path, encoding="utf-8") as mf:
            for line in mf:
                if not line.startswith(RESPONSE):
                    continue
                rid, lab = tf.readline().split("\t")[:2]
                m = RE_CAMP.search(line)
                if m and m.group(1) in sel_f and lab == "-" and \
                        len(glued_ids[m.group(1)]) < 3:
                    glued_ids[m.group(1)].append(rid)
                    want[rid] = None
    for f in sel_f:
        for _, t in f_parts.get(f, [])[:3]:
            if by_t.get(t):
                want[by_t[t][0][2]] = None
    with open(marked_path, encoding="utf-8") as mf:
        for line in mf:
            if line.startswith(RESPONSE):
                m = RE_ID.search(line)
                if m and m.group(1) in want:
                    want[m.group(1)] = text_of(line)

    def ref(t):
        return by_t[t][0][2] if by_t.get(t) else None

    for kind in ("split", "partial", "missed"):
        if not ex_t[kind]:
            continue
        say("  examples, seeded campaigns %s:" % kind)
        for t in ex_t[kind]:
            parts = t_parts.get(t, [])
            say("    %s: %d members (%s), found as %s%s" % (
                t, tsize[t], t_lang[t],
                ", ".join("%s %d" % (f, v) for v, f in parts[:6]) or
                "nothing",
                "; %d in no campaign" % t_out[t] if t_out[t] else ""))
            r = ref(t)
            if r is None:
                continue
            say("      template: %s" % clip(want[r] or ""))
            for f, edit, rid in outside[t]:
                say("      %s (%s, in %s, J=%.2f with the template): %s" % (
                    rid, edit, f or "no campaign",
                    jaccard(want[r] or "", want[rid] or ""),
                    clip(want[rid] or "", 120)))
    for kind in ("merged", "glued"):
        if not ex_f[kind]:
            continue
        say("  examples, found campaigns %s:" % (
            "merging seeded ones" if kind == "merged" else
            "with individual responses"))
        for f in ex_f[kind]:
            parts = f_parts.get(f, [])
            say("    %s: %d members: %s%s" % (
                f, fsize[f],
                ", ".join("%s %d of %d" % (t, v, tsize[t])
                          for v, t in parts[:6]),
                "%s%d individual" % (", " if parts else "", f_ind[f])
                if f_ind[f] else ""))
            texts = []
            for _, t in parts[:3]:
                r = ref(t)
                if r:
                    texts.append((t, want[r] or ""))
            for rid in glued_ids.get(f, []):
                texts.append(("individual " + rid, want[rid] or ""))
            for i, (who, tx) in enumerate(texts[:4]):
                j = " J=%.2f with the first" % jaccard(texts[0][1], tx) \
                    if i else ""
                say("      %s%s: %s" % (who, j, clip(tx, 140)))


def oracle(truth_path, marked_path, thresholds):
    """Pairwise recall of an ideal detector that joins each member of a
    seeded campaign to it when the Jaccard similarity of its word triples
    with the campaign's commonest text (subject line left out) reaches
    the threshold, with no chaining: the ceiling a threshold allows."""
    variants = collections.defaultdict(collections.Counter)  # t -> text: n
    with open(truth_path, encoding="utf-8") as tf, \
            open(marked_path, encoding="utf-8") as mf:
        for line in mf:
            if not line.startswith(RESPONSE):
                continue
            lab = tf.readline().split("\t")[1]
            if lab == "-":
                continue
            tx = "\n".join(x for x in text_of(line).split("\n")
                           if not x.startswith("Re: "))
            variants[lab][tx] += 1
    sims = []                       # (campaign size, [(J, n)...])
    for lab, vs in variants.items():
        tpl = shingles(max(vs.items(), key=lambda kv: kv[1])[0])
        js = []
        for tx, k in vs.items():
            sh = shingles(tx)
            u = len(sh | tpl)
            js.append((len(sh & tpl) / u if u else 1.0, k))
        sims.append((sum(vs.values()), js))
    den = sum(pairs(n) for n, _ in sims)
    out = []
    for th in thresholds:
        num = sum(pairs(sum(k for j, k in js if j >= th)) for _, js in sims)
        out.append((th, 100.0 * num / den if den else 100.0))
    return out


# ---- real --------------------------------------------------------------

def real(marked_path, wholes, shared_line):
    groups = collections.defaultdict(list)   # text -> campaigns
    line_n = collections.Counter()           # line -> texts with it
    line_camps = collections.defaultdict(collections.Counter)
    csize = collections.Counter()
    n = 0
    camps, summary = {}, {}
    texts = []
    with open(marked_path, encoding="utf-8") as mf:
        for line in mf:
            if not line.startswith(RESPONSE):
                read_aggregates(line, camps, summary)
                continue
            n += 1
            t = text_of(line)
            m = RE_CAMP.search(line)
            f = m.group(1) if m else None
            if f:
                csize[f] += 1
            if t.strip():
                groups[t].append(f)
            texts.append((t, f))
    print("  %d responses, %d campaigns, %d responses in them" % (
        n, len(csize), sum(csize.values())))
    ok_all = True
    for want in wholes:
        gs = [(t, fs) for t, fs in groups.items() if len(fs) == want]
        if not gs:
            print("  %dx identical text: no such group  MISS" % want)
            ok_all = False
            continue
        for t, fs in gs:
            c = collections.Counter(fs)
            f = fs[0]
            ok = f is not None and len(c) == 1
            others = [t2 for t2, fs2 in groups.items()
                      if t2 != t and f is not None and f in fs2 and
                      len(fs2) >= 3]
            ok = ok and not others
            if f is not None and len(c) == 1:
                where = "all in %s (campaign size %d)" % (f, csize[f])
            else:
                where = "in " + ", ".join(
                    "%s %d" % (k or "no campaign", v)
                    for k, v in c.most_common())
            if others:
                where += ", shared with another identical group"
            print("  %dx \"%s\": %s  %s" % (want, clip(t, 60), where,
                                           "PASS" if ok else "MISS"))
            ok_all = ok_all and ok
    if shared_line:
        for t, f in texts:
            for ln in set(x.strip() for x in t.split("\n")):
                if ln:
                    line_n[ln] += 1
                    if f:
                        line_camps[ln][f] += 1
        if not line_n:
            print("  shared line: no texts  MISS")
            return False
        ln, k = line_n.most_common(1)[0]
        big = max(line_camps[ln].values()) if line_camps[ln] else 0
        ok = big * 2 < k
        print("  shared line \"%s\" in %d of %d texts: the largest campaign "
              "holds %d of them  %s" % (clip(ln, 50), k, n, big,
                                       "PASS" if ok else "MISS"))
        ok_all = ok_all and ok
    return ok_all


def main(argv):
    if len(argv) < 2 or argv[1] not in ("synth", "real"):
        die("usage: campaign-eval.py synth TRUTH MARKED [--row LABEL] "
            "[--examples N] [--vars FILE] [--oracle] | real MARKED "
            "[--whole N]... "
            "[--shared-line]")
    args = argv[2:]
    pos, row, nex, wholes, shared, vars_path = [], None, 5, [], False, None
    with_oracle = False
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("--row", "--examples", "--whole", "--vars") and \
                i + 1 < len(args):
            if a == "--row":
                row = args[i + 1]
            elif a == "--vars":
                vars_path = args[i + 1]
            elif a == "--examples":
                nex = int(args[i + 1])
            else:
                wholes.append(int(args[i + 1]))
            i += 2
            continue
        if a == "--shared-line":
            shared = True
        elif a == "--oracle":
            with_oracle = True
        elif a.startswith("--"):
            die("unknown option %s" % a)
        else:
            pos.append(a)
        i += 1
    if argv[1] == "synth":
        if len(pos) != 2:
            die("synth needs TRUTH and MARKED")
        synth(pos[0], pos[1], row, nex, vars_path, with_oracle)
    else:
        if len(pos) != 1:
            die("real needs MARKED")
        return 0 if real(pos[0], wholes, shared) else 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except BrokenPipeError:
        sys.exit(1)
