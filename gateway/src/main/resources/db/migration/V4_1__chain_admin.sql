-- Chains registered, changed, disabled and enabled through the admin API, without a restart.
-- managed_by: 'config' (endpoint and credentials from the configuration file; the registry only
-- enables or disables it) or 'api' (everything here). Credentials are stored sealed (AES-GCM under
-- auth.chainCredentialsKey, 'v1:' prefix) or, without a key, as 'plain:' text; never in an answer.
alter table chains
    add column enabled               boolean not null default true,
    add column managed_by            text not null default 'config' check (managed_by in ('config', 'api')),
    add column api_key_sealed        text,
    add column signing_secret_sealed text,
    add column max_connections       integer check (max_connections > 0),
    add column max_wait_queue        integer check (max_wait_queue >= 0),
    add column call_timeout_ms       integer check (call_timeout_ms > 0),
    add column disabled_at           timestamptz,
    add check (managed_by = 'config' or signing_secret_sealed is not null);
