-- The ops page counts the orders in flight by status every few seconds: through this partial index,
-- which holds only orders that have not ended, so the count costs the same after a million orders.
create index orders_in_flight_idx on orders (status)
    where status in ('RECEIVED', 'CONFIRMED', 'PICKING', 'READY', 'DISPATCHED', 'PICKED_UP');
