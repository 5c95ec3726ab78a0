#!/usr/bin/env python3
"""Where the gateway's virtual-thread stacks go: every jdk.internal.vm.StackChunk in an HPROF heap dump, per thread.

    jcmd <gateway pid> GC.heap_dump /tmp/gw.hprof      # while the streams you want to look at are open
    distribution/bench/stack-chunks.py /tmp/gw.hprof [N]

For each virtual thread it follows its continuation's tail chunk through the parents and prints the N most common
chains as (chunk size, words in use) pairs, top chunk first, with how many threads have each, then the mean words
per thread for threads with one chunk (a stream's client watch) and with more (its relay thread). A chunk's unused
words are frames that were thawed and, once a collection had moved the chunk, never frozen into it again (see
docs/performance.md, "Where a quiet stream's memory goes"). Reads the whole dump into memory; a 5,000-stream dump is ~120 MB.
"""
import collections
import struct
import sys

WANT = {'jdk/internal/vm/StackChunk', 'java/lang/VirtualThread', 'java/lang/VirtualThread$VThreadContinuation'}


def main(path, top):
    data = open(path, 'rb').read()
    p = data.index(b'\0') + 1
    idsz = struct.unpack('>I', data[p:p + 4])[0]
    p += 12
    fmt = '>Q' if idsz == 8 else '>I'
    rid = lambda b, o: struct.unpack(fmt, b[o:o + idsz])[0]
    size_of = {2: idsz, 4: 1, 5: 2, 6: 4, 7: 8, 8: 1, 9: 2, 10: 4, 11: 8}
    strings, class_names, classes, objects, segments = {}, {}, {}, {}, []
    while p < len(data):  # top-level records: strings, loaded classes, heap dump segments
        tag, length = data[p], struct.unpack('>I', data[p + 5:p + 9])[0]
        body = p + 9
        if tag == 0x01:
            strings[rid(data, body)] = data[body + idsz:body + length].decode('utf-8', 'replace')
        elif tag == 0x02:
            class_names[rid(data, body + 4)] = strings.get(rid(data, body + 8 + idsz), '?')
        elif tag in (0x0c, 0x1c):
            segments.append((body, body + length))
        p = body + length
    wanted = {c for c, name in class_names.items() if name in WANT}
    root_sizes = {0xff: idsz, 0x01: 2 * idsz, 0x02: idsz + 8, 0x03: idsz + 8, 0x04: idsz + 4, 0x05: idsz,
                  0x06: idsz + 4, 0x07: idsz, 0x08: idsz + 8}
    for start, end in segments:  # sub-records: class layouts and the instances of the wanted classes
        q = start
        while q < end:
            t = data[q]
            q += 1
            if t in root_sizes:
                q += root_sizes[t]
            elif t == 0x20:
                cid, sup = rid(data, q), rid(data, q + 4 + idsz)
                q += 7 * idsz + 8
                count = struct.unpack('>H', data[q:q + 2])[0]  # constant pool
                q += 2
                for _ in range(count):
                    q += 3 + size_of[data[q + 2]]
                count = struct.unpack('>H', data[q:q + 2])[0]  # static fields
                q += 2
                for _ in range(count):
                    q += idsz + 1 + size_of[data[q + idsz]]
                count = struct.unpack('>H', data[q:q + 2])[0]  # instance fields
                q += 2
                fields = []
                for _ in range(count):
                    fields.append((strings.get(rid(data, q), '?'), data[q + idsz]))
                    q += idsz + 1
                classes[cid] = (sup, fields)
            elif t == 0x21:
                oid, cid = rid(data, q), rid(data, q + 4 + idsz)
                nbytes = struct.unpack('>I', data[q + 4 + 2 * idsz:q + 8 + 2 * idsz])[0]
                values = q + 8 + 2 * idsz
                if cid in wanted:
                    objects[oid] = (cid, values)
                q = values + nbytes
            elif t == 0x22:
                n = struct.unpack('>I', data[q + idsz + 4:q + idsz + 8])[0]
                q += 2 * idsz + 8 + n * idsz
            elif t == 0x23:
                n = struct.unpack('>I', data[q + idsz + 4:q + idsz + 8])[0]
                q += idsz + 9 + n * size_of[data[q + idsz + 8]]
            else:
                sys.exit('unexpected heap dump record 0x%x at %d' % (t, q))

    def fields_of(oid):
        cid, at = objects[oid]
        out = {}
        while cid in classes:
            sup, fields = classes[cid]
            for name, kind in fields:
                raw = data[at:at + size_of[kind]]
                out.setdefault(name, rid(raw, 0) if kind == 2 else int.from_bytes(raw, 'big', signed=True))
                at += size_of[kind]
            cid = sup
        return out

    chains = collections.Counter()
    for oid, (cid, _) in objects.items():
        if class_names[cid] != 'java/lang/VirtualThread':
            continue
        cont = fields_of(oid).get('cont')
        if cont not in objects:
            continue
        chunk, chain = fields_of(cont).get('tail'), []
        while chunk in objects:
            f = fields_of(chunk)
            chain.append((f['size'], f['size'] - f['sp']))
            chunk = f.get('parent')
        chains[tuple(chain)] += 1
    print('virtual threads with a continuation:', sum(chains.values()))
    for chain, n in chains.most_common(top):
        print(f'{n:7d} threads  chunks (size, in use) {list(chain)}  total {sum(s for s, _ in chain)} words')
    for label, pick in (('one chunk (client watch)', lambda c: len(c) == 1), ('more (relay)', lambda c: len(c) > 1)):
        group = [(c, n) for c, n in chains.items() if pick(c)]
        n = sum(k for _, k in group)
        if n:
            words = sum(sum(s for s, _ in c) * k for c, k in group) / n
            used = sum(sum(u for _, u in c) * k for c, k in group) / n
            print(f'{label}: {n} threads, mean {words:.0f} words ({words * 8 / 1024:.1f} KB), {used:.0f} in use')


if __name__ == '__main__':
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 10)
