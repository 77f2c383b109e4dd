-- The rows the relay gave up (DEAD) are few and an operator's concern: counted for a gauge every few
-- seconds, through this small partial index rather than a scan of every row ever sent.
create index outbox_dead_idx on outbox (id) where status = 'DEAD';
