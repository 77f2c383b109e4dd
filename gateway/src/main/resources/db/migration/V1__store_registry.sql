-- The store registry: chains, their stores, the product catalogue and each chain's product codes.
-- Lockdown settings (purchase caps, price ceilings, pauses) live here from the start.

create table chains (
    chain_id             text primary key check (chain_id ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    name                 text not null,
    kind                 text not null check (kind in ('AISLE_PARTNER_API', 'LEGACY_XML', 'PUSH_ONLY')),
    base_url             text,
    -- named Resilience4j profile for the breakers of this chain's stores
    breaker_profile      text not null default 'default',
    -- the partner's quota: calls per second over all its stores, and concurrent calls
    rate_limit_per_second integer not null default 500 check (rate_limit_per_second > 0),
    max_concurrent_calls integer not null default 200 check (max_concurrent_calls > 0),
    created_at           timestamptz not null default now(),
    updated_at           timestamptz not null default now()
);

create table stores (
    store_id          text primary key check (store_id ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$'),
    chain_id          text not null references chains (chain_id),
    partner_store_id  text not null,
    name              text not null,
    lat               double precision not null check (lat between -90 and 90),
    lon               double precision not null check (lon between -180 and 180),
    -- local opening hours; closes_at <= opens_at means the store closes after midnight
    opens_at          time not null default '00:00',
    closes_at         time not null default '23:59:59',
    time_zone         text not null default 'Asia/Shanghai',
    paused            boolean not null default false,
    pause_reason      text,
    paused_at         timestamptz,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    unique (chain_id, partner_store_id),
    check (not paused or pause_reason is not null)
);
create index stores_chain_idx on stores (chain_id);

create table products (
    gtin              char(13) primary key check (gtin ~ '^[0-9]{13}$'),
    name              text not null,
    brand             text,
    category          text not null,
    size_class        text not null,
    unit              text not null,
    weight_grams      integer check (weight_grams > 0),
    -- produce sold by weight (legacy chains count it in jin, 500 g)
    loose             boolean not null default false,
    -- lockdown rules: most units one household may buy per day, highest unit price allowed (fen)
    purchase_cap      integer check (purchase_cap > 0),
    price_ceiling_fen bigint check (price_ceiling_fen > 0)
);
create index products_category_idx on products (category, size_class);
create index products_name_idx on products (lower(name));

-- A chain's own code for a product, and how many of the chain's units make one of ours
-- (a legacy chain sells loose produce per jin: a 1 kg unit of ours is 2 of theirs).
create table product_mappings (
    chain_id       text not null references chains (chain_id),
    gtin           char(13) not null references products (gtin),
    partner_code   text not null,
    partner_units_per_unit integer not null default 1 check (partner_units_per_unit > 0),
    primary key (chain_id, gtin),
    unique (chain_id, partner_code)
);
