-- GarageOrleans: the PostgreSQL schema of Orleans' ADO.NET membership table (Cluster:Membership = adonet).
--
-- Written for GarageOrleans from the provider's query contract, not copied from the Orleans repository's scripts
-- (those are not in the NuGet package, and we do not take other projects' code). What the contract fixes, read from
-- the consumer code of Microsoft.Orleans.Clustering.AdoNet (DbStoredQueries, RelationalOrleansQueries,
-- AdoNetClusteringTable) and from IMembershipTable:
--   * the provider loads its statements with `SELECT QueryKey, QueryText FROM OrleansQuery` and refuses to start
--     when a key it needs is missing;
--   * parameters are bound by name (@DeploymentId is the cluster id; a silo is @Address, @Port, @Generation);
--   * reads return columns named Version, Address, Port, Generation, SiloName, HostName, Status, ProxyPort,
--     SuspectTimes, StartTime, IAmAliveTime, always at least one row (the table version, with NULL member columns
--     when the cluster has no member yet);
--   * writes return one boolean column: true when they took effect;
--   * the caller passes the table version it read (@Version); an insert or an update takes effect only if that is
--     still the stored version, and then increments it, atomically with the row change. The provider hands out no
--     row etag (it reports ''), so the table version is the only compare-and-swap: every row change bumps it, which
--     makes it stronger than a per-row etag.
-- Everything else (table names, column names and types, how the statements achieve atomicity) is ours.
--
-- Atomicity: every statement below is a single SQL statement, so it commits or fails as a whole. The version row of
-- a cluster is the lock that orders writers: a writer that waited for another one re-checks `version = @Version`
-- on the row the other committed (READ COMMITTED re-evaluation), finds it stale and changes nothing.
--
-- Apply once per database (scripts/postgres.sh does it); re-applying is harmless.

-- Timestamps are UTC instants; a session time zone other than UTC must never shift them.
DO $$
BEGIN
  EXECUTE format('ALTER DATABASE %I SET timezone TO %L', current_database(), 'UTC');
END
$$;

CREATE TABLE IF NOT EXISTS OrleansQuery
(
  QueryKey  varchar(64) NOT NULL PRIMARY KEY,
  QueryText text        NOT NULL
);

-- One row per cluster: the membership table's version, bumped by every row insert, row update and cleanup.
CREATE TABLE IF NOT EXISTS garage_membership_version
(
  cluster_id varchar(150) NOT NULL PRIMARY KEY,
  version    integer      NOT NULL DEFAULT 0,
  changed_at timestamptz  NOT NULL DEFAULT now()
);

-- One row per silo incarnation (address, port, generation). suspect_times is the provider's own encoding
-- ("silo,time|silo,time"), stored as given.
CREATE TABLE IF NOT EXISTS garage_membership
(
  cluster_id      varchar(150) NOT NULL REFERENCES garage_membership_version (cluster_id) ON DELETE CASCADE,
  address         varchar(45)  NOT NULL,
  port            integer      NOT NULL,
  generation      integer      NOT NULL,
  silo_name       text         NOT NULL,
  host_name       text         NOT NULL,
  status          integer      NOT NULL,
  proxy_port      integer      NOT NULL,
  suspect_times   text         NULL,
  start_time      timestamptz  NOT NULL,
  i_am_alive_time timestamptz  NOT NULL,
  PRIMARY KEY (cluster_id, address, port, generation)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- Creates the cluster's version row (version 0) unless it exists. True when this call created it.
('InsertMembershipVersionKey', $sql$
WITH created AS (
  INSERT INTO garage_membership_version (cluster_id) VALUES (@DeploymentId)
  ON CONFLICT (cluster_id) DO NOTHING
  RETURNING 1)
SELECT count(*) > 0 FROM created;
$sql$),

-- The version and every member, in one snapshot.
('MembershipReadAllKey', $sql$
SELECT v.version AS "Version", m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status", m.proxy_port AS "ProxyPort",
       m.suspect_times AS "SuspectTimes", m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
FROM garage_membership_version v
LEFT JOIN garage_membership m ON m.cluster_id = v.cluster_id
WHERE v.cluster_id = @DeploymentId;
$sql$),

-- The version and one member (NULL member columns when it is unknown), in one snapshot.
('MembershipReadRowKey', $sql$
SELECT v.version AS "Version", m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status", m.proxy_port AS "ProxyPort",
       m.suspect_times AS "SuspectTimes", m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
FROM garage_membership_version v
LEFT JOIN garage_membership m ON m.cluster_id = v.cluster_id
  AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.cluster_id = @DeploymentId;
$sql$),

-- Inserts a member if the caller's version is current and the member is new; bumps the version with it.
-- A unique violation (a concurrent insert of the same member, which the version check already excludes) aborts
-- the whole statement, version bump included.
('InsertMembershipKey', $sql$
WITH bumped AS (
  UPDATE garage_membership_version SET version = version + 1, changed_at = now()
  WHERE cluster_id = @DeploymentId AND version = @Version
    AND NOT EXISTS (SELECT 1 FROM garage_membership
                    WHERE cluster_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation)
  RETURNING cluster_id),
inserted AS (
  INSERT INTO garage_membership (cluster_id, address, port, generation, silo_name, host_name, status, proxy_port,
                                 start_time, i_am_alive_time)
  SELECT cluster_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
  FROM bumped
  RETURNING 1)
SELECT count(*) > 0 FROM inserted;
$sql$),

-- Updates a member's status, suspicions and heartbeat if the caller's version is current and the member exists;
-- bumps the version with it. Cleanup bumps the version too, so a member deleted after this statement's snapshot
-- fails the version re-check instead of leaving a bump without an update.
('UpdateMembershipKey', $sql$
WITH bumped AS (
  UPDATE garage_membership_version SET version = version + 1, changed_at = now()
  WHERE cluster_id = @DeploymentId AND version = @Version
    AND EXISTS (SELECT 1 FROM garage_membership
                WHERE cluster_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation)
  RETURNING cluster_id),
updated AS (
  UPDATE garage_membership m
  SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
  FROM bumped
  WHERE m.cluster_id = bumped.cluster_id AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
  RETURNING 1)
SELECT count(*) > 0 FROM updated;
$sql$),

-- The heartbeat: a plain in-place write, no version check and no version change (IMembershipTable.UpdateIAmAlive).
('UpdateIAmAlivetimeKey', $sql$
UPDATE garage_membership SET i_am_alive_time = @IAmAliveTime
WHERE cluster_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation;
$sql$),

-- Deletes members declared dead (SiloStatus.Dead = 6) whose last heartbeat is older than @IAmAliveTime. The version row is locked first
-- (the same order as the writes above) and bumped when something was deleted.
('CleanupDefunctSiloEntriesKey', $sql$
WITH locked AS (
  SELECT cluster_id FROM garage_membership_version WHERE cluster_id = @DeploymentId FOR UPDATE),
deleted AS (
  DELETE FROM garage_membership
  WHERE cluster_id = @DeploymentId AND status = 6 AND i_am_alive_time < @IAmAliveTime
    AND EXISTS (SELECT 1 FROM locked)
  RETURNING 1)
UPDATE garage_membership_version SET version = version + 1, changed_at = now()
WHERE cluster_id = @DeploymentId AND EXISTS (SELECT 1 FROM deleted);
$sql$),

-- Forgets a cluster entirely (its members go with the version row).
('DeleteMembershipTableEntriesKey', $sql$
DELETE FROM garage_membership_version WHERE cluster_id = @DeploymentId;
$sql$),

-- Gateways for Orleans clients: members in the given status that opened a gateway port.
('GatewaysQueryKey', $sql$
SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
FROM garage_membership
WHERE cluster_id = @DeploymentId AND status = @Status AND proxy_port > 0;
$sql$)

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
