#!/usr/bin/env python3
# Where a JFR recording of the gateway spent its CPU, by part of the gateway: every execution sample is counted
# once, under the first rule its stack matches (top to bottom of this list).
#   jfr print --events jdk.ExecutionSample --stack-depth 80 gateway.jfr > samples.txt
#   python3 load-tests/lib/jfr-buckets.py samples.txt
import re,collections,sys
txt=open(sys.argv[1]).read()
buckets=collections.Counter(); n=0
rules=[('push-only stock ingestion (PartnerCallbackHandlers.stock)','PartnerCallbackHandlers.stock'),
('pick-list polls of the push-only chain','PartnerCallbackHandlers.lambda$pullPickLists'),
('other partner callbacks (pick results)','PartnerCallbackHandlers'),
('rider events','RiderEventHandlers'),
('outbox relay','OutboxRelay'),
('webhooks','webhook'),
('order saga and its transactions','gateway.order.'),
('quote fan-out: partner calls, answers, cache (StockFanOut)','StockFanOut'),
('allocation','allocation.'),
('picking and waves','picking.'),
('rider dispatch','dispatch.'),
('quote assembly (QuoteService)','QuoteService'),
('store registry (geo search, snapshot)','StoreRegistry'),
('writing responses (Responses)','api.Responses'),
('request checks and parsing (api)','gateway.api.'),
('PostgreSQL client','io.vertx.pgclient'),
('SQL client','io.vertx.sqlclient'),
('Redis client','io.vertx.redis'),
]
for s in txt.split('jdk.ExecutionSample')[1:]:
    fr=re.findall(r'^\s+([\w.$<>]+)\(',s,re.M)
    if not fr: continue
    n+=1
    joined='\n'.join(fr)
    for name,pat in rules:
        if pat in joined:
            buckets[name]+=1; break
    else:
        buckets['HTTP server/client I/O (Netty, Vert.x core), no Aisle frame']+=1
print('samples',n)
for k,v in buckets.most_common(): print(f'| {k} | {v} | {100*v/n:.1f} % |')
