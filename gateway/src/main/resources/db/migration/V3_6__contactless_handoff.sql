-- Contactless handoff. The drop-off mode the household asked for (LEAVE_AT_DOOR, CALL_ON_ARRIVAL,
-- HAND_TO_STAFF; null: in person; its note stays in dropoff_note, and contactless stays true for
-- LEAVE_AT_DOOR), the handoff code drawn for the order (six digits the household tells the rider), and
-- how the rider handed the bags over, as its DELIVERED event reported: the mode, when, and whether the
-- rider was told the order's code. Nullable, no default, no check that would scan the history: the
-- gateway writes only values its records allow.
alter table orders add column dropoff_mode text;
alter table orders add column handoff_code text;
alter table orders add column handoff_mode text;
alter table orders add column handoff_at timestamptz;
alter table orders add column handoff_code_checked boolean;
