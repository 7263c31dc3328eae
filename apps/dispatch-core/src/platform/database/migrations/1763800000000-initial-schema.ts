import type { MigrationInterface, QueryRunner } from 'typeorm';

// The house: facilities, fleet and its GPS track, users, gateway credentials, seed marker.
export class InitialSchema1763800000000 implements MigrationInterface {
  name = 'InitialSchema1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE facilities (
        id text PRIMARY KEY,
        name text NOT NULL,
        name_en text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('command_centre','hospital','township_centre')),
        address text NOT NULL,
        lat double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
        lon double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
        capabilities text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE vehicles (
        id text PRIMARY KEY,
        call_sign text NOT NULL,
        plate text NOT NULL,
        type text NOT NULL CHECK (type IN ('ALS','BLS','neonatal','negative_pressure')),
        status text NOT NULL DEFAULT 'available' CHECK (status IN ('available','dispatched','en_route','on_scene','transporting','at_hospital','returning','out_of_service')),
        station_id text NOT NULL REFERENCES facilities(id),
        last_lat double precision,
        last_lon double precision,
        last_speed_mps real,
        last_heading_deg real,
        last_measured_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX vehicles_station_idx ON vehicles (station_id)`);
    await q.query(`
      CREATE TABLE vehicle_positions (
        id bigserial PRIMARY KEY,
        vehicle_id text NOT NULL REFERENCES vehicles(id),
        seq bigint NOT NULL,
        measured_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL,
        lat double precision NOT NULL,
        lon double precision NOT NULL,
        speed_mps real,
        heading_deg real,
        CONSTRAINT vehicle_positions_seq_uq UNIQUE (vehicle_id, seq)
      )`);
    await q.query(`CREATE INDEX vehicle_positions_time_idx ON vehicle_positions (vehicle_id, measured_at)`);
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL UNIQUE,
        display_name text NOT NULL,
        role text NOT NULL CHECK (role IN ('dispatcher','crew','er_clinician','admin')),
        vehicle_id text REFERENCES vehicles(id),
        hospital_id text REFERENCES facilities(id),
        password_hash text NOT NULL,
        disabled boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_crew_vehicle_ck CHECK (role <> 'crew' OR vehicle_id IS NOT NULL),
        CONSTRAINT users_er_hospital_ck CHECK (role <> 'er_clinician' OR hospital_id IS NOT NULL)
      )`);
    await q.query(`
      CREATE TABLE gateway_credentials (
        vehicle_id text PRIMARY KEY REFERENCES vehicles(id),
        password_hash text NOT NULL,
        rotated_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    await q.query(`CREATE TABLE seed_runs (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['seed_runs', 'gateway_credentials', 'users', 'vehicle_positions', 'vehicles', 'facilities']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
