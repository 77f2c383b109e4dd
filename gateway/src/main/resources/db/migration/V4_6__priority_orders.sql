-- Priority orders: the priority classes beyond STANDARD a client may put on its orders.
alter table clients
    add column priorities text[] not null default '{}'
        check (priorities <@ array['ESSENTIAL_WORKER', 'HOSPITAL']::text[]);

-- The share of each store's stock of a scarce product kept for priority orders: an ordinary order sees a store's units
-- less this share of them (rounded down). At most a half, so ordinary orders always keep half of every store's stock.
alter table products
    add column priority_reserve_share double precision check (priority_reserve_share > 0 and priority_reserve_share <= 0.5);
