-- Orders and everything that must survive about them: the client that placed them, idempotency
-- keys, the requested lines, the store legs of the plan, the holds taken, the timeline, and the
-- outbox of what must be sent. Every state change writes its outbox rows in the same transaction.

create table clients (
    client_id        text primary key check (client_id ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    name             text not null,
    -- SHA-256 (hex) of the client's API key; the key itself is never stored
    api_key_sha256   text not null unique,
    webhook_url      text,
    webhook_secret   text,
    created_at       timestamptz not null default now()
);

create table orders (
    order_id         text primary key,
    client_id        text not null references clients (client_id),
    customer_ref     text not null,
    status           text not null check (status in ('RECEIVED', 'CONFIRMED', 'PICKING', 'READY', 'DISPATCHED',
                                                     'PICKED_UP', 'DELIVERED', 'CANCELLED', 'REJECTED', 'FAILED')),
    priority         text not null default 'STANDARD' check (priority in ('STANDARD', 'ESSENTIAL_WORKER', 'HOSPITAL')),
    delivery_lat     double precision not null,
    delivery_lon     double precision not null,
    accept_partial   boolean not null,
    max_stores       integer,
    contactless      boolean not null default false,
    dropoff_note     text,
    -- the canonical request, as accepted
    request          jsonb not null,
    total_amount     bigint,
    currency         char(3),
    unfilled         jsonb not null default '[]',
    store_report     jsonb not null default '[]',
    -- how many times the hold saga planned this order (bounded)
    plan_attempts    integer not null default 0,
    -- a worker owns the saga step until then (crash recovery takes over after it)
    lease_until      timestamptz,
    version          integer not null default 0,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now()
);
create index orders_client_idx on orders (client_id, created_at desc);
create index orders_unfinished_idx on orders (status, lease_until) where status in ('RECEIVED');

create table order_lines (
    order_id      text not null references orders (order_id) on delete cascade,
    line_no       integer not null,
    gtin          char(13) not null,
    quantity      integer not null check (quantity > 0),
    substitution  jsonb not null,
    primary key (order_id, line_no)
);

create table order_legs (
    order_id      text not null references orders (order_id) on delete cascade,
    store_id      text not null references stores (store_id),
    status        text not null check (status in ('PLANNED', 'HELD', 'PICKING', 'READY', 'PICKED_UP', 'DELIVERED', 'CANCELLED', 'RELEASED')),
    subtotal      bigint not null check (subtotal >= 0),
    currency      char(3) not null,
    lines         jsonb not null,
    primary key (order_id, store_id)
);

create table holds (
    hold_id       text primary key,
    order_id      text not null references orders (order_id) on delete cascade,
    store_id      text not null references stores (store_id),
    status        text not null check (status in ('TAKING', 'HELD', 'FAILED', 'RELEASING', 'RELEASED', 'EXPIRED')),
    lines         jsonb not null,
    expires_at    timestamptz not null,
    failure       text,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now()
);
create index holds_order_idx on holds (order_id);
create index holds_live_idx on holds (expires_at) where status in ('TAKING', 'HELD');

create table order_transitions (
    order_id   text not null references orders (order_id) on delete cascade,
    seq        integer not null,
    status     text not null,
    at         timestamptz not null,
    note       text,
    primary key (order_id, seq)
);

-- Idempotency of POST /v1/orders, per client: the first request's body hash and, once there is
-- one, its answer. Kept at least 24 hours.
create table idempotency_keys (
    client_id      text not null references clients (client_id),
    idem_key       text not null check (length(idem_key) between 1 and 255),
    request_sha256 text not null,
    order_id       text,
    status_code    integer,
    response       jsonb,
    created_at     timestamptz not null default now(),
    completed_at   timestamptz,
    primary key (client_id, idem_key)
);
create index idempotency_keys_created_idx on idempotency_keys (created_at);

-- What must be sent, written in the same transaction as the state change that requires it.
-- The relay sends rows in id order per (topic, aggregate), several instances sharing the work with
-- row locks that skip locked rows. external_id makes a retry idempotent at the receiver.
create table outbox (
    id               bigserial primary key,
    topic            text not null,
    aggregate_id     text not null,
    external_id      text not null unique,
    payload          jsonb not null,
    status           text not null default 'PENDING' check (status in ('PENDING', 'SENT', 'DEAD')),
    attempts         integer not null default 0,
    next_attempt_at  timestamptz not null default now(),
    last_error       text,
    created_at       timestamptz not null default now(),
    sent_at          timestamptz
);
create index outbox_pending_idx on outbox (next_attempt_at, id) where status = 'PENDING';
create index outbox_aggregate_idx on outbox (topic, aggregate_id, id) where status = 'PENDING';
