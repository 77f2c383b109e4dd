-- Live trips are few and the rest are history: the re-ask of quiet trips (a rider event lost while
-- the gateway was down) finds them through this partial index, not a scan of every trip ever made.
create index trips_live_quiet_idx on trips (updated_at) where status in ('REQUESTED', 'ASSIGNED', 'PICKED_UP');
