-- Picking and rider handoff: pick waves per store, what was picked per order leg (and charged or
-- refunded), rider trips and the rider events already applied.

alter table products add column zone text, add column aisle text;

alter table order_legs
    add column wave_id text,
    add column ready_at timestamptz,
    add column settlement jsonb;
create index order_legs_waiting_idx on order_legs (store_id) where status = 'HELD' and wave_id is null;
create index order_legs_wave_idx on order_legs (wave_id);

alter table orders
    add column charged_amount bigint,
    add column refunded_amount bigint,
    add column dispatch_attempts integer not null default 0,
    add column confirmed_at timestamptz;

create table waves (
    wave_id            text primary key,
    store_id           text not null references stores (store_id),
    pick_list_id       text not null unique,
    status             text not null check (status in ('SUBMITTED', 'READY')),
    reason             text not null,
    closed_at          timestamptz not null,
    expected_ready_at  timestamptz not null,
    ready_at           timestamptz,
    pick_list          jsonb not null
);
create index waves_store_idx on waves (store_id, closed_at);

create table trips (
    trip_id      text primary key,
    status       text not null check (status in ('REQUESTED', 'ASSIGNED', 'PICKED_UP', 'DELIVERED', 'FAILED', 'CANCELLED')),
    attempt      integer not null,
    rider_id     text,
    request      jsonb not null,
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now()
);

create table trip_orders (
    trip_id    text not null references trips (trip_id),
    order_id   text not null references orders (order_id),
    picked_up  boolean not null default false,
    primary key (trip_id, order_id)
);
create index trip_orders_order_idx on trip_orders (order_id);

-- rider events are applied once, whatever the sender retries
create table rider_events (
    event_id     text primary key,
    trip_id      text not null,
    type         text not null,
    at           timestamptz not null,
    received_at  timestamptz not null default now()
);
