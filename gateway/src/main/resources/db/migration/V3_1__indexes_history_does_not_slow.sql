-- Statements on the order path must cost the same after a million orders as after ten: each one
-- finds its rows through an index that holds only what it looks for, never by reading history.

-- Completing an idempotency key (its answer recorded when the order is decided) finds the key by
-- client and order; only keys still waiting for their answer are in this index, so it stays as
-- small as the number of orders in flight.
create index idempotency_keys_unanswered_idx on idempotency_keys (client_id, order_id) where response is null;

-- The dispatch sweep pages through READY orders oldest first.
create index orders_ready_idx on orders (updated_at, order_id) where status = 'READY';
