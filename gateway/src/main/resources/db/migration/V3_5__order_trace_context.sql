-- The trace an order was placed in (the W3C traceparent of the gateway's server span of POST /v1/orders,
-- itself a child of the super-app's), and the trace each outbox row continues when the relay sends it:
-- pick lists, hold releases, cancellations, rider trips and webhooks sent long after the request join
-- the order's trace. Nullable, no default: adding them rewrites no row.
alter table orders add column traceparent text;
alter table outbox add column traceparent text;
