-- A pick list whose result is overdue (expected ready time plus a margin) is sent to its store once more;
-- when it is overdue again, its wave times out: its legs are settled as not picked (refunded) and the
-- store is told the orders are cancelled there. A late result for a timed-out wave is ignored.

alter table waves add column resubmitted_at timestamptz;
alter table waves drop constraint waves_status_check;
alter table waves add constraint waves_status_check check (status in ('SUBMITTED', 'READY', 'TIMED_OUT'));
create index waves_overdue_idx on waves (expected_ready_at) where status = 'SUBMITTED';
