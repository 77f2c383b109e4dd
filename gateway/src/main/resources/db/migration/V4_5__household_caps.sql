-- Household caps on scarce staples: at most household_cap_units of a product per household (a client's
-- customer_ref) within any household_cap_window_hours hours, over every order of the household.
alter table products
    add column household_cap_units        integer check (household_cap_units between 1 and 999),
    add column household_cap_window_hours integer check (household_cap_window_hours between 1 and 720),
    add constraint products_household_cap_whole
        check ((household_cap_units is null) = (household_cap_window_hours is null));

-- An order of a capped product counts what its household bought within the window: that household's
-- orders of the client, newest first, whatever the length of the history of the client or the others.
create index orders_household_idx on orders (client_id, customer_ref, created_at);
