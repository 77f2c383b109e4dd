-- The ops page counts the orders in flight by status every few seconds. RECEIVED and READY orders have
-- partial indexes of their own (orders_unfinished_idx, orders_ready_idx); this one holds the other
-- statuses of orders that have not ended, so the count costs the same after a million orders. It leaves
-- RECEIVED and READY out so that it never competes with those indexes for the recovery and dispatch sweeps.
create index orders_in_flight_idx on orders (status)
    where status in ('CONFIRMED', 'PICKING', 'DISPATCHED', 'PICKED_UP');
