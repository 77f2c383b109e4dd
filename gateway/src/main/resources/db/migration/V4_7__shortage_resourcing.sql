-- Re-sourcing of short units. An order says what becomes of units a store picks short: RESOURCE (asked of other
-- nearby stores, held and picked at one of them as a new leg) or REFUND (null: placed before the choice existed, or
-- REFUND). Nullable, no default, no check that would scan the history: the gateway writes only values its records allow.
alter table orders add column shortages text;

-- A timeline entry that changes the order within its status (RESOURCED, RESOURCE_FAILED); null: a status change.
alter table order_transitions add column change text;

-- One re-sourcing per order and store that picked short: the short lines (leg line index, product, units, the price
-- the order was placed at), and where it stands: PENDING (a store is to be found), HOLDING (store to_store_id is asked
-- for hold hold_id, recorded before it is asked), then RESOURCED (a new leg at to_store_id) or REFUNDED (no store had
-- them, or the holds failed attempts times), or CANCELLED (the order was cancelled meanwhile). A worker pass owns a
-- row until lease_until; after that another pass takes it over and carries on from the recorded status (the same hold
-- id, so the store holds once). excluded: stores that refused a hold for it.
create table resourcing (
    order_id       text not null references orders (order_id) on delete cascade,
    from_store_id  text not null,
    status         text not null check (status in ('PENDING', 'HOLDING', 'RESOURCED', 'REFUNDED', 'CANCELLED')),
    lines          jsonb not null,
    to_store_id    text,
    hold_id        text,
    held_lines     jsonb,
    excluded       text[] not null default '{}',
    attempts       integer not null default 0,
    lease_until    timestamptz not null,
    note           text,
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now(),
    primary key (order_id, from_store_id)
);
-- the worker pass reads only the re-sourcings still open, never the history
create index resourcing_open_idx on resourcing (lease_until) where status in ('PENDING', 'HOLDING');
