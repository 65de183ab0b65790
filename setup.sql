-- ============================================================================
-- SETUP.SQL - Tidemark demo database
-- ============================================================================
-- Demo source database for Tidemark (PostgreSQL tables -> JSONL).
--
-- Based on the seed script of the Fivetran "resource monitoring" example
-- (schema fivetran_connector: tables, indexes, views, functions, triggers and
-- the original sample rows), followed by DETERMINISTIC generated rows
-- (generate_series + arithmetic on the series index, no random()), so every
-- load produces exactly the same data:
--
--   fivetran_connector.customers       5,000 rows
--   fivetran_connector.suppliers         200 rows
--   fivetran_connector.products        2,000 rows
--   fivetran_connector.orders         50,000 rows
--   fivetran_connector.order_items   200,000 rows
--   fivetran_connector.inventory       8,000 rows
--   public.customer_data                  10 rows (freshness demo, 3 older
--                                              than 24 hours at load time)
--
-- The original seed rows are inserted first and keep ids 1..n; generated rows
-- follow. Generated data deliberately contains NULLs in nullable columns,
-- unicode text (accents, CJK, emoji), embedded quotes, newlines, a tab and a
-- backslash, so that extraction and JSON escaping can be exercised.
-- Generated timestamps lie in 2024-2025 and are fixed (no now()); only the
-- seed rows (column defaults) and public.customer_data depend on load time.
--
-- Usage: run the whole file as ONE script on a fresh database, inside one
-- transaction (the loader sends it via JDBC Statement.execute; with psql use
-- psql -v ON_ERROR_STOP=1 --single-transaction -f setup.sql).
-- The script contains no transaction control, no VACUUM, no CONCURRENTLY and
-- no psql meta-commands. It is not idempotent (CREATE TRIGGER, INSERTs).
-- SET LOCAL settings below only apply inside that transaction (in autocommit
-- mode PostgreSQL merely warns and the load is a little slower).
--
-- Changes compared with the seed script (000_resource_monitoring_setup.sql):
--   * the 18 idx_* indexes are created after all rows are loaded (same names
--     and definitions); SET LOCAL jit/work_mem added for load speed;
--   * generate_random_orders() and update_inventory_levels() carry
--     SET search_path = fivetran_connector, public (see FUNCTIONS below);
--   * the trailing verification SELECTs and the commented GRANTs are dropped;
--     trailing whitespace removed. Everything else is unchanged.
-- ============================================================================

-- Create schema for the connector
CREATE SCHEMA IF NOT EXISTS fivetran_connector;

-- Set search path to include our schema
SET search_path TO fivetran_connector, public;

-- Load-speed settings, scoped to the loading transaction (SET LOCAL): no JIT
-- compilation (the generate_series row estimates are huge, JIT would cost
-- more than the whole load) and enough memory to sort/hash without spilling.
SET LOCAL jit = off;
SET LOCAL work_mem = '64MB';

-- ============================================================================
-- SAMPLE DATA TABLES (Simulating Source Tables)
-- ============================================================================

-- Sample orders table with region filtering
CREATE TABLE IF NOT EXISTS orders (
    id SERIAL PRIMARY KEY,
    order_id VARCHAR(50) NOT NULL,
    customer_id INTEGER NOT NULL,
    order_date TIMESTAMP NOT NULL,
    total_amount DECIMAL(10,2) NOT NULL,
    region VARCHAR(50) NOT NULL,
    status VARCHAR(20) DEFAULT 'pending',
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

-- Sample customers table
CREATE TABLE IF NOT EXISTS customers (
    id SERIAL PRIMARY KEY,
    customer_id INTEGER NOT NULL UNIQUE,
    first_name VARCHAR(100) NOT NULL,
    last_name VARCHAR(100) NOT NULL,
    email VARCHAR(255) UNIQUE,
    phone VARCHAR(20),
    address TEXT,
    city VARCHAR(100),
    state VARCHAR(50),
    country VARCHAR(50),
    postal_code VARCHAR(20),
    region VARCHAR(50),
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

-- Sample products table
CREATE TABLE IF NOT EXISTS products (
    id SERIAL PRIMARY KEY,
    product_id VARCHAR(50) NOT NULL UNIQUE,
    product_name VARCHAR(255) NOT NULL,
    category VARCHAR(100),
    price DECIMAL(10,2) NOT NULL,
    cost DECIMAL(10,2),
    supplier_id INTEGER,
    region VARCHAR(50),
    is_active BOOLEAN DEFAULT TRUE,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

-- Sample order_items table
CREATE TABLE IF NOT EXISTS order_items (
    id SERIAL PRIMARY KEY,
    order_id VARCHAR(50) NOT NULL,
    product_id VARCHAR(50) NOT NULL,
    quantity INTEGER NOT NULL,
    unit_price DECIMAL(10,2) NOT NULL,
    total_price DECIMAL(10,2) NOT NULL,
    region VARCHAR(50),
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

-- Sample suppliers table
CREATE TABLE IF NOT EXISTS suppliers (
    id SERIAL PRIMARY KEY,
    supplier_id INTEGER NOT NULL UNIQUE,
    supplier_name VARCHAR(255) NOT NULL,
    contact_name VARCHAR(255),
    email VARCHAR(255),
    phone VARCHAR(20),
    address TEXT,
    city VARCHAR(100),
    state VARCHAR(50),
    country VARCHAR(50),
    region VARCHAR(50),
    is_active BOOLEAN DEFAULT TRUE,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

-- Sample inventory table
CREATE TABLE IF NOT EXISTS inventory (
    id SERIAL PRIMARY KEY,
    product_id VARCHAR(50) NOT NULL,
    warehouse_id INTEGER NOT NULL,
    quantity_on_hand INTEGER NOT NULL,
    quantity_reserved INTEGER DEFAULT 0,
    reorder_level INTEGER DEFAULT 10,
    reorder_quantity INTEGER DEFAULT 100,
    region VARCHAR(50),
    last_updated TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

-- ============================================================================
-- SAMPLE DATA INSERTION (original seed rows, inserted first: ids 1..n)
-- ============================================================================

-- Insert sample customers
INSERT INTO customers (customer_id, first_name, last_name, email, phone, address, city, state, country, postal_code, region) VALUES
(1001, 'John', 'Smith', 'john.smith@email.com', '+1-555-0101', '123 Main St', 'New York', 'NY', 'USA', '10001', 'North America'),
(1002, 'Jane', 'Doe', 'jane.doe@email.com', '+1-555-0102', '456 Oak Ave', 'Los Angeles', 'CA', 'USA', '90210', 'North America'),
(1003, 'Bob', 'Johnson', 'bob.johnson@email.com', '+1-555-0103', '789 Pine Rd', 'Chicago', 'IL', 'USA', '60601', 'North America'),
(1004, 'Alice', 'Brown', 'alice.brown@email.com', '+44-20-1234-5678', '10 Downing St', 'London', 'England', 'UK', 'SW1A 2AA', 'Europe'),
(1005, 'Carlos', 'Garcia', 'carlos.garcia@email.com', '+34-91-123-4567', 'Calle Mayor 123', 'Madrid', 'Madrid', 'Spain', '28013', 'Europe'),
(1006, 'Yuki', 'Tanaka', 'yuki.tanaka@email.com', '+81-3-1234-5678', '1-1-1 Shibuya', 'Tokyo', 'Tokyo', 'Japan', '150-0002', 'Asia Pacific'),
(1007, 'Maria', 'Silva', 'maria.silva@email.com', '+55-11-1234-5678', 'Rua das Flores 456', 'São Paulo', 'SP', 'Brazil', '01234-567', 'Latin America'),
(1008, 'David', 'Wilson', 'david.wilson@email.com', '+61-2-1234-5678', '123 George St', 'Sydney', 'NSW', 'Australia', '2000', 'Asia Pacific');

-- Insert sample suppliers
INSERT INTO suppliers (supplier_id, supplier_name, contact_name, email, phone, address, city, state, country, region) VALUES
(2001, 'Global Electronics', 'Mike Cn', 'mike.cn@globalelectronics.com', '+1-555-0201', '100 Tech Blvd', 'San Jose', 'CA', 'USA', 'North America'),
(2002, 'European Parts Co', 'Hans Muelr', 'hans.muelr@europeanparts.com', '+49-30-1234-5678', 'Berliner Str 123', 'Berlin', 'Berlin', 'Germany', 'Europe'),
(2003, 'Asia Pacific Supply', 'Kenji Yamoto', 'kenji.yamoto@apsupply.com', '+81-3-9876-5432', 'Ginza 5-1-1', 'Tokyo', 'Tokyo', 'Japan', 'Asia Pacific'),
(2004, 'Latin American Goods', 'Carlos Rodri', 'carlos.rodri@lagoods.com', '+52-55-1234-5678', 'Reforma 123', 'Mexico City', 'DF', 'Mexico', 'Latin America');

-- Insert sample products
INSERT INTO products (product_id, product_name, category, price, cost, supplier_id, region) VALUES
('PROD-001', 'Laptop Computer', 'Electronics', 999.99, 650.00, 2001, 'North America'),
('PROD-002', 'Wireless Mouse', 'Electronics', 29.99, 15.00, 2001, 'North America'),
('PROD-003', 'Office Chair', 'Furniture', 199.99, 120.00, 2002, 'Europe'),
('PROD-004', 'Desk Lamp', 'Furniture', 49.99, 25.00, 2002, 'Europe'),
('PROD-005', 'Smartphone', 'Electronics', 699.99, 450.00, 2003, 'Asia Pacific'),
('PROD-006', 'Tablet', 'Electronics', 399.99, 250.00, 2003, 'Asia Pacific'),
('PROD-007', 'Coffee Maker', 'Appliances', 89.99, 55.00, 2004, 'Latin America'),
('PROD-008', 'Blender', 'Appliances', 59.99, 35.00, 2004, 'Latin America');

-- Insert sample orders
INSERT INTO orders (order_id, customer_id, order_date, total_amount, region, status) VALUES
('ORD-2024-001', 1001, '2024-01-15 10:30:00', 1029.98, 'North America', 'completed'),
('ORD-2024-002', 1002, '2024-01-16 14:20:00', 699.99, 'North America', 'completed'),
('ORD-2024-003', 1004, '2024-01-17 09:15:00', 249.98, 'Europe', 'completed'),
('ORD-2024-004', 1005, '2024-01-18 16:45:00', 399.99, 'Europe', 'pending'),
('ORD-2024-005', 1006, '2024-01-19 11:30:00', 459.98, 'Asia Pacific', 'completed'),
('ORD-2024-006', 1007, '2024-01-20 13:20:00', 149.98, 'Latin America', 'pending'),
('ORD-2024-007', 1008, '2024-01-21 08:45:00', 999.99, 'Asia Pacific', 'completed'),
('ORD-2024-008', 1003, '2024-01-22 15:10:00', 129.98, 'North America', 'completed');

-- Insert sample order items
INSERT INTO order_items (order_id, product_id, quantity, unit_price, total_price, region) VALUES
('ORD-2024-001', 'PROD-001', 1, 999.99, 999.99, 'North America'),
('ORD-2024-001', 'PROD-002', 1, 29.99, 29.99, 'North America'),
('ORD-2024-002', 'PROD-005', 1, 699.99, 699.99, 'North America'),
('ORD-2024-003', 'PROD-003', 1, 199.99, 199.99, 'Europe'),
('ORD-2024-003', 'PROD-004', 1, 49.99, 49.99, 'Europe'),
('ORD-2024-004', 'PROD-006', 1, 399.99, 399.99, 'Europe'),
('ORD-2024-005', 'PROD-005', 1, 699.99, 699.99, 'Asia Pacific'),
('ORD-2024-005', 'PROD-002', 1, 29.99, 29.99, 'Asia Pacific'),
('ORD-2024-006', 'PROD-007', 1, 89.99, 89.99, 'Latin America'),
('ORD-2024-006', 'PROD-008', 1, 59.99, 59.99, 'Latin America'),
('ORD-2024-007', 'PROD-001', 1, 999.99, 999.99, 'Asia Pacific'),
('ORD-2024-008', 'PROD-002', 2, 29.99, 59.98, 'North America'),
('ORD-2024-008', 'PROD-004', 1, 49.99, 49.99, 'North America'),
('ORD-2024-008', 'PROD-008', 1, 59.99, 59.99, 'North America');

-- Insert sample inventory
INSERT INTO inventory (product_id, warehouse_id, quantity_on_hand, quantity_reserved, reorder_level, reorder_quantity, region) VALUES
('PROD-001', 1, 50, 5, 10, 100, 'North America'),
('PROD-002', 1, 200, 15, 25, 500, 'North America'),
('PROD-003', 2, 30, 3, 5, 50, 'Europe'),
('PROD-004', 2, 150, 10, 20, 300, 'Europe'),
('PROD-005', 3, 75, 8, 15, 200, 'Asia Pacific'),
('PROD-006', 3, 100, 12, 20, 250, 'Asia Pacific'),
('PROD-007', 4, 40, 2, 8, 100, 'Latin America'),
('PROD-008', 4, 80, 6, 15, 150, 'Latin America');

-- ============================================================================
-- GENERATED DEMO DATA (deterministic, appended after the seed rows)
-- ============================================================================
-- Every value is derived from the generate_series index g with integer
-- arithmetic (multiplications by primes, modulo), never random(), so counts
-- and values are identical on every load. Id ranges do not overlap the seed:
--   customers.customer_id  1009..6000   (seed 1001..1008)
--   suppliers.supplier_id  2005..2200   (seed 2001..2004)
--   products.product_id    PROD-009..PROD-999, PROD-1000..PROD-2000
--   orders.order_id        ORD-YYYY-000009..ORD-YYYY-050000 (seed ORD-2024-001..008)
-- No foreign keys exist (as in the seed), but generated references point to
-- existing rows: products.supplier_id -> suppliers, orders.customer_id ->
-- customers (and orders.region = customer region), order_items -> orders and
-- products (unit_price = product price, orders.total_amount = sum of items),
-- inventory -> products (every product is stocked once per region).

-- Lookup tables used only while generating (dropped again below).
CREATE TEMP TABLE gen_first_names (i int PRIMARY KEY, name text NOT NULL, ascii text NOT NULL);
INSERT INTO gen_first_names (i, name, ascii) VALUES
    (0, 'James', 'james'),      (1, 'Zoë', 'zoe'),           (2, 'José', 'jose'),
    (3, 'Mary', 'mary'),        (4, 'François', 'francois'), (5, 'Søren', 'soren'),
    (6, 'Aoife', 'aoife'),      (7, 'Chloé', 'chloe'),       (8, 'Mateo', 'mateo'),
    (9, 'Sofía', 'sofia'),      (10, 'Liam', 'liam'),        (11, 'Olivia', 'olivia'),
    (12, 'Noah', 'noah'),       (13, 'Emma', 'emma'),        (14, 'Hiroshi', 'hiroshi'),
    (15, 'Yuki', 'yuki'),       (16, 'Wei', 'wei'),          (17, 'Mei', 'mei'),
    (18, 'Priya', 'priya'),     (19, 'Arjun', 'arjun'),      (20, 'Lucas', 'lucas'),
    (21, 'Ana', 'ana'),         (22, 'Björn', 'bjorn'),      (23, 'Siobhán', 'siobhan'),
    (24, '陽翔', 'haruto'),     (25, 'Ngozi', 'ngozi'),      (26, 'Fatima', 'fatima'),
    (27, 'Omar', 'omar');

CREATE TEMP TABLE gen_last_names (i int PRIMARY KEY, name text NOT NULL, ascii text NOT NULL);
INSERT INTO gen_last_names (i, name, ascii) VALUES
    (0, 'Smith', 'smith'),            (1, 'Müller', 'mueller'),       (2, 'O''Brien', 'obrien'),
    (3, 'García', 'garcia'),          (4, 'Nguyễn', 'nguyen'),        (5, '田中', 'tanaka'),
    (6, 'Kowalski', 'kowalski'),      (7, 'Silva', 'silva'),          (8, 'Rossi', 'rossi'),
    (9, 'Dubois', 'dubois'),          (10, 'Johansson', 'johansson'), (11, 'Kim', 'kim'),
    (12, 'Patel', 'patel'),           (13, 'Chen', 'chen'),           (14, 'Wang', 'wang'),
    (15, 'Williams', 'williams'),     (16, 'Brown', 'brown'),         (17, 'López', 'lopez'),
    (18, 'Fernández', 'fernandez'),   (19, 'Schmidt', 'schmidt'),     (20, 'Jensen', 'jensen'),
    (21, 'D''Angelo', 'dangelo'),     (22, 'Łukasiewicz', 'lukasiewicz'), (23, 'Ólafsson', 'olafsson'),
    (24, 'Papadopoulos', 'papadopoulos'), (25, 'Hernández', 'hernandez'), (26, 'Tanaka', 'tanaka'),
    (27, 'Murphy', 'murphy'),         (28, 'Novak', 'novak'),         (29, 'Dvořák', 'dvorak');

-- Six cities per region (r: 0 North America, 1 Europe, 2 Asia Pacific, 3 Latin America).
-- postal_code = postal_prefix || postal_digits digits; phone_style 1 = prefix || 'dddd',
-- 2 = prefix || 'dddd-dddd'; addr_style 1 = '<no> <street>', 2 = '<street> <no>'.
CREATE TEMP TABLE gen_cities (
    r int NOT NULL, k int NOT NULL, region text NOT NULL,
    city text NOT NULL, state text, country text NOT NULL,
    postal_prefix text NOT NULL, postal_digits int NOT NULL,
    phone_prefix text NOT NULL, phone_style int NOT NULL,
    street text NOT NULL, addr_style int NOT NULL,
    PRIMARY KEY (r, k)
);
INSERT INTO gen_cities VALUES
    (0, 0, 'North America', 'New York', 'NY', 'USA', '100', 2, '+1-212-555-', 1, 'Madison Ave', 1),
    (0, 1, 'North America', 'Los Angeles', 'CA', 'USA', '900', 2, '+1-310-555-', 1, 'Sunset Blvd', 1),
    (0, 2, 'North America', 'Chicago', 'IL', 'USA', '606', 2, '+1-312-555-', 1, 'Michigan Ave', 1),
    (0, 3, 'North America', 'Toronto', 'ON', 'Canada', 'M5V 3L9', 0, '+1-416-555-', 1, 'Queen St W', 1),
    (0, 4, 'North America', 'Montréal', 'QC', 'Canada', 'H2X 1Y4', 0, '+1-514-555-', 1, 'rue Saint-Denis', 1),
    (0, 5, 'North America', 'Austin', 'TX', 'USA', '787', 2, '+1-512-555-', 1, 'Congress Ave', 1),
    (1, 0, 'Europe', 'London', 'England', 'UK', 'EC1A 1BB', 0, '+44-20-7946-', 1, 'King''s Road', 1),
    (1, 1, 'Europe', 'Berlin', 'Berlin', 'Germany', '10', 3, '+49-30-', 2, 'Kurfürstendamm', 2),
    (1, 2, 'Europe', 'München', 'Bayern', 'Germany', '80', 3, '+49-89-', 2, 'Maximilianstraße', 2),
    (1, 3, 'Europe', 'Paris', 'Île-de-France', 'France', '750', 2, '+33-1-', 2, 'rue de l''Église', 1),
    (1, 4, 'Europe', 'Madrid', 'Madrid', 'Spain', '280', 2, '+34-91-', 2, 'Calle Mayor', 2),
    (1, 5, 'Europe', 'Kraków', 'Małopolskie', 'Poland', '30-', 3, '+48-12-', 2, 'ul. Floriańska', 2),
    (2, 0, 'Asia Pacific', '東京', 'Tokyo', 'Japan', '150-', 4, '+81-3-', 2, '渋谷区道玄坂', 2),
    (2, 1, 'Asia Pacific', 'Sydney', 'NSW', 'Australia', '20', 2, '+61-2-', 2, 'George St', 1),
    (2, 2, 'Asia Pacific', 'Singapore', NULL, 'Singapore', '', 6, '+65-', 2, 'Orchard Rd', 1),
    (2, 3, 'Asia Pacific', 'Seoul', 'Seoul', 'South Korea', '0', 4, '+82-2-', 2, 'Gangnam-daero', 2),
    (2, 4, 'Asia Pacific', 'Mumbai', 'Maharashtra', 'India', '400', 3, '+91-22-', 2, 'Marine Dr', 1),
    (2, 5, 'Asia Pacific', 'Auckland', 'Auckland', 'New Zealand', '10', 2, '+64-9-', 2, 'Queen St', 1),
    (3, 0, 'Latin America', 'São Paulo', 'SP', 'Brazil', '01310-', 3, '+55-11-', 2, 'Avenida Paulista', 2),
    (3, 1, 'Latin America', 'Ciudad de México', 'CDMX', 'Mexico', '06', 3, '+52-55-', 2, 'Paseo de la Reforma', 2),
    (3, 2, 'Latin America', 'Bogotá', 'Bogotá D.C.', 'Colombia', '110', 3, '+57-601-', 2, 'Calle 72', 2),
    (3, 3, 'Latin America', 'Buenos Aires', 'CABA', 'Argentina', 'C1', 3, '+54-11-', 2, 'Avenida Corrientes', 2),
    (3, 4, 'Latin America', 'Lima', 'Lima', 'Peru', '150', 2, '+51-1-', 2, 'Jirón de la Unión', 2),
    (3, 5, 'Latin America', 'Santiago', 'RM', 'Chile', '83', 5, '+56-2-', 2, 'Avenida Providencia', 2);

-- ----------------------------------------------------------------------------
-- customers: 4,992 generated rows (customer_id 1009..6000) -> 5,000 in total
-- Regions ~35 % North America, 30 % Europe, 20 % Asia Pacific, 15 % Latin
-- America. ~10 % phone NULL, ~5 % address NULL, ~3 % email NULL, ~6 %
-- postal_code NULL; some addresses contain a newline, double quotes, a
-- backslash, a tab or an emoji.
-- ----------------------------------------------------------------------------
INSERT INTO customers (customer_id, first_name, last_name, email, phone, address,
                       city, state, country, postal_code, region, created_at, updated_at)
WITH base AS (
    SELECT g,
           1008 + g AS customer_id,
           CASE WHEN g % 20 < 7 THEN 0 WHEN g % 20 < 13 THEN 1 WHEN g % 20 < 17 THEN 2 ELSE 3 END AS r,
           timestamp '2024-01-01 00:00:00'
               + g * interval '12600 seconds' + (g * 7919 % 3600) * interval '1 second' AS created_at
    FROM generate_series(1, 4992) AS g
)
SELECT b.customer_id,
       f.name,
       l.name,
       CASE WHEN b.g % 37 = 0 THEN NULL
            ELSE f.ascii || '.' || l.ascii || '.' || b.customer_id || '@'
                 || (ARRAY['example.com', 'mail.example.org', 'example.net',
                           'post.example.de', 'example.co.jp', 'correo.example.com.br'])[1 + b.g % 6]
       END,
       CASE WHEN b.g % 10 = 3 THEN NULL
            WHEN c.phone_style = 1 THEN c.phone_prefix || lpad((b.g * 7919 % 10000)::text, 4, '0')
            ELSE c.phone_prefix || lpad((b.g * 104729 % 10000)::text, 4, '0')
                 || '-' || lpad((b.g * 7919 % 10000)::text, 4, '0')
       END,
       CASE WHEN b.g % 20 = 7   THEN NULL
            WHEN b.g % 97 = 5   THEN a.addr || chr(10) || 'Apt ' || (1 + b.g % 40)
            WHEN b.g % 211 = 11 THEN 'c/o "The Old Mill", ' || a.addr
            WHEN b.g % 499 = 17 THEN a.addr || ', Unit 4' || chr(92) || 'B'
            WHEN b.g % 997 = 23 THEN a.addr || chr(9) || '(rear entrance)'
            WHEN b.g % 331 = 29 THEN a.addr || ' 🏠'
            ELSE a.addr
       END,
       c.city,
       c.state,
       c.country,
       CASE WHEN b.g % 17 = 0 THEN NULL
            ELSE c.postal_prefix
                 || lpad((b.g * 7919 % power(10, c.postal_digits)::int)::text, c.postal_digits, '0')
       END,
       c.region,
       b.created_at,
       CASE WHEN b.g % 3 = 0 THEN b.created_at
            ELSE LEAST(b.created_at + (b.g * 31 % 400) * interval '1 day'
                                    + (b.g * 13 % 86400) * interval '1 second',
                       timestamp '2025-12-31 23:59:59')
       END
FROM base b
JOIN gen_first_names f ON f.i = b.g % 28
JOIN gen_last_names  l ON l.i = (b.g * 7 + b.g / 28) % 30
JOIN gen_cities      c ON c.r = b.r AND c.k = (b.g * 5 + b.g / 20) % 6
CROSS JOIN LATERAL (
    SELECT CASE WHEN c.addr_style = 1 THEN (1 + b.g * 7919 % 2500) || ' ' || c.street
                ELSE c.street || ' ' || (1 + b.g * 7919 % 2500)
           END AS addr
) a
ORDER BY b.g;

-- ----------------------------------------------------------------------------
-- suppliers: 196 generated rows (supplier_id 2005..2200) -> 200 in total
-- Regions evenly spread; ~8 % inactive; some NULL contact/email/phone/address.
-- ----------------------------------------------------------------------------
INSERT INTO suppliers (supplier_id, supplier_name, contact_name, email, phone, address,
                       city, state, country, region, is_active, created_at, updated_at)
WITH prefixes (i, name, slug) AS (VALUES
    (0, 'Acme', 'acme'),                (1, 'Nordic', 'nordic'),
    (2, 'Pacific Rim', 'pacificrim'),   (3, 'Andes', 'andes'),
    (4, 'Atlas', 'atlas'),              (5, 'Zenith', 'zenith'),
    (6, 'Summit', 'summit'),            (7, 'Harbor', 'harbor'),
    (8, 'Müller & Söhne', 'muellersoehne'), (9, 'Łódź', 'lodz'),
    (10, 'Kyōto', 'kyoto'),             (11, 'Vértice', 'vertice'),
    (12, 'Evergreen', 'evergreen'),     (13, 'Blue River', 'blueriver'),
    (14, '東京精密', 'tokyoseimitsu'),   (15, 'O''Neill', 'oneill')
), legal (r, j, suffix) AS (VALUES
    (0, 0, 'Inc.'), (0, 1, 'LLC'),     (0, 2, 'Corp.'),
    (1, 0, 'GmbH'), (1, 1, 'Ltd'),     (1, 2, 'S.A.'),
    (2, 0, 'K.K.'), (2, 1, 'Pty Ltd'), (2, 2, 'Pte. Ltd.'),
    (3, 0, 'S.A. de C.V.'), (3, 1, 'Ltda.'), (3, 2, 'S.A.')
), base AS (
    SELECT g,
           2004 + g AS supplier_id,
           g % 4 AS r,
           timestamp '2024-01-02 09:00:00'
               + g * interval '36 hours' + (g * 7919 % 3600) * interval '1 second' AS created_at
    FROM generate_series(1, 196) AS g
)
SELECT b.supplier_id,
       p.name || ' '
           || (ARRAY['Electronics', 'Components', 'Supply', 'Trading', 'Logistics',
                     'Manufacturing', 'Industries', 'Wholesale', 'Imports', 'Goods'])[1 + b.g * 3 % 10]
           || ' ' || lg.suffix
           || CASE WHEN b.g % 50 = 13 THEN ' 🚚'
                   WHEN b.g % 65 = 30 THEN ' "Premium Partner"'
                   ELSE '' END,
       CASE WHEN b.g % 20 = 9 THEN NULL ELSE f.name || ' ' || l.name END,
       CASE WHEN b.g % 20 = 9 THEN 'sales@' || p.slug || '-' || b.supplier_id || '.example.com'
            WHEN b.g % 25 = 4 THEN NULL
            ELSE f.ascii || '.' || l.ascii || '@' || p.slug || '-' || b.supplier_id || '.example.com'
       END,
       CASE WHEN b.g % 10 = 6 THEN NULL
            WHEN c.phone_style = 1 THEN c.phone_prefix || lpad((b.g * 7919 % 10000)::text, 4, '0')
            ELSE c.phone_prefix || lpad((b.g * 104729 % 10000)::text, 4, '0')
                 || '-' || lpad((b.g * 7919 % 10000)::text, 4, '0')
       END,
       CASE WHEN b.g % 15 = 2  THEN NULL
            WHEN b.g % 40 = 21 THEN a.addr || chr(10) || 'Loading Dock ' || (1 + b.g % 5)
            ELSE a.addr
       END,
       c.city,
       c.state,
       c.country,
       c.region,
       b.g % 12 <> 5,
       b.created_at,
       CASE WHEN b.g % 4 = 0 THEN b.created_at
            ELSE LEAST(b.created_at + (b.g * 17 % 400) * interval '1 day'
                                    + (b.g * 11 % 1440) * interval '1 minute',
                       timestamp '2025-12-31 23:59:59')
       END
FROM base b
JOIN prefixes        p  ON p.i = b.g * 7 % 16
JOIN legal           lg ON lg.r = b.r AND lg.j = (b.g / 4) % 3
JOIN gen_first_names f  ON f.i = b.g * 3 % 28
JOIN gen_last_names  l  ON l.i = b.g * 11 % 30
JOIN gen_cities      c  ON c.r = b.r AND c.k = (b.g * 5 + b.g / 4) % 6
CROSS JOIN LATERAL (
    SELECT CASE WHEN c.addr_style = 1 THEN (1 + b.g * 104729 % 900) || ' ' || c.street
                ELSE c.street || ' ' || (1 + b.g * 104729 % 900)
           END AS addr
) a
ORDER BY b.g;

DROP TABLE gen_first_names, gen_last_names, gen_cities;

-- ----------------------------------------------------------------------------
-- products: 1,992 generated rows (PROD-009..PROD-2000) -> 2,000 in total
-- 10 categories (~2 % NULL), prices ending in .99, cost 40..74 % of price
-- (~3 % NULL), supplier 2001..2200 (1 % NULL), region = supplier region,
-- 5 % inactive; a few names with quotes, an emoji or an embedded newline.
-- ----------------------------------------------------------------------------
INSERT INTO products (product_id, product_name, category, price, cost, supplier_id, region,
                      is_active, created_at, updated_at)
WITH categories (c, category) AS (VALUES
    (0, 'Electronics'), (1, 'Furniture'), (2, 'Appliances'), (3, 'Office Supplies'),
    (4, 'Sports & Outdoors'), (5, 'Kitchen'), (6, 'Toys & Games'), (7, 'Books'),
    (8, 'Garden'), (9, 'Health & Beauty')
), nouns (c, k, noun, base_price) AS (VALUES
    (0, 0, 'Laptop', 900), (0, 1, 'Wireless Mouse', 30), (0, 2, 'Monitor 27"', 300),
    (0, 3, 'Noise-Cancelling Headphones', 200), (0, 4, 'USB-C Hub', 40), (0, 5, 'Smartphone', 650),
    (1, 0, 'Office Chair', 200), (1, 1, 'Standing Desk', 450), (1, 2, 'Bookshelf', 120),
    (1, 3, 'Desk Lamp', 50), (1, 4, 'Filing Cabinet', 160), (1, 5, 'Sofa', 800),
    (2, 0, 'Coffee Maker', 90), (2, 1, 'Blender', 60), (2, 2, 'Toaster', 40),
    (2, 3, 'Air Fryer', 120), (2, 4, 'Kettle', 35), (2, 5, 'Microwave', 150),
    (3, 0, 'Notebook', 8), (3, 1, 'Gel Pens (12-pack)', 12), (3, 2, 'Stapler', 15),
    (3, 3, 'Printer Paper', 25), (3, 4, 'Whiteboard', 60), (3, 5, 'Label Maker', 45),
    (4, 0, 'Yoga Mat', 30), (4, 1, 'Tent', 250), (4, 2, 'Kid''s Bicycle', 180),
    (4, 3, 'Running Shoes', 110), (4, 4, 'Water Bottle', 20), (4, 5, 'Backpack', 70),
    (5, 0, 'Chef''s Knife', 80), (5, 1, 'Cast Iron Skillet', 45), (5, 2, 'Crème Brûlée Torch', 35),
    (5, 3, 'Matcha Whisk 茶筅', 18), (5, 4, 'Cutting Board', 25), (5, 5, 'Spice Rack', 40),
    (6, 0, 'Puzzle (1000 pcs)', 20), (6, 1, 'Board Game', 40), (6, 2, 'Building Blocks', 60),
    (6, 3, 'Plush Bear', 25), (6, 4, 'RC Car', 90), (6, 5, 'Chess Set', 50),
    (7, 0, 'Cookbook', 30), (7, 1, 'Novel', 15), (7, 2, 'Travel Guide', 25),
    (7, 3, 'Atlas', 45), (7, 4, 'Children''s Book', 12), (7, 5, 'Programming Handbook', 55),
    (8, 0, 'Garden Hose', 35), (8, 1, 'Pruning Shears', 25), (8, 2, 'Planter', 30),
    (8, 3, 'Lawn Mower', 350), (8, 4, 'Seed Kit', 15), (8, 5, 'Bird Feeder', 28),
    (9, 0, 'Electric Toothbrush', 60), (9, 1, 'Hair Dryer', 70), (9, 2, 'Face Cream', 30),
    (9, 3, 'Shampoo', 10), (9, 4, 'Massage Gun', 120), (9, 5, 'Perfume', 85)
), base AS (
    SELECT g,
           8 + g AS n,
           g * 3 % 10 AS c,
           (g * 7 + g / 10) % 6 AS k,
           CASE WHEN g % 100 = 0 THEN NULL ELSE 2001 + g * 37 % 200 END AS supplier_id,
           timestamp '2024-01-05 10:00:00'
               + g * interval '8 hours' + (g * 7919 % 28800) * interval '1 second' AS created_at
    FROM generate_series(1, 1992) AS g
)
SELECT 'PROD-' || CASE WHEN b.n < 1000 THEN lpad(b.n::text, 3, '0') ELSE b.n::text END,
       CASE WHEN b.g % 301 = 7 THEN '"Bestseller" ' ELSE '' END
           || (ARRAY['Premium', 'Compact', 'Ergonomic', 'Classic', 'Smart', 'Eco',
                     'Deluxe', 'Portable', 'Pro', 'Mini', 'Ultra', 'Vintage'])[1 + b.g * 7 % 12]
           || ' ' || nn.noun || ' ' || chr(65 + b.g % 26) || (10 + b.g % 90)
           || CASE WHEN b.g % 97 = 0   THEN ' ⭐'
                   WHEN b.g % 500 = 250 THEN chr(10) || '(limited edition)'
                   ELSE '' END,
       CASE WHEN b.g % 50 = 0 THEN NULL ELSE cat.category END,
       pr.price,
       CASE WHEN b.g % 33 = 0 THEN NULL
            ELSE round(pr.price * (0.40 + (b.g * 13 % 35) / 100.0), 2)
       END,
       b.supplier_id,
       COALESCE(s.region, (ARRAY['North America', 'Europe', 'Asia Pacific', 'Latin America'])[1 + b.g % 4]),
       b.g % 20 <> 0,
       b.created_at,
       CASE WHEN b.g % 4 = 0 THEN b.created_at
            ELSE LEAST(b.created_at + (b.g * 29 % 180) * interval '1 day'
                                    + (b.g * 7 % 1440) * interval '1 minute',
                       timestamp '2025-12-31 23:59:59')
       END
FROM base b
JOIN categories cat ON cat.c = b.c
JOIN nouns nn ON nn.c = b.c AND nn.k = b.k
LEFT JOIN suppliers s ON s.supplier_id = b.supplier_id
CROSS JOIN LATERAL (
    SELECT (floor(nn.base_price * (0.60 + (b.g * 7919 % 81) / 100.0)) + 0.99)::numeric(10,2) AS price
) pr
ORDER BY b.g;

-- ----------------------------------------------------------------------------
-- inventory: 7,992 generated rows -> 8,000 in total
-- Every product is stocked once per region (4 rows per product; the seed
-- already has one row for each of PROD-001..PROD-008, which get the other
-- three). 12 warehouses: warehouse_id % 4 identifies the region
-- (1/5/9 North America, 2/6/10 Europe, 3/7/11 Asia Pacific, 4/8/12 Latin
-- America), as in the seed (1..4). About 4 % of rows are out of stock.
-- ----------------------------------------------------------------------------
INSERT INTO inventory (product_id, warehouse_id, quantity_on_hand, quantity_reserved,
                       reorder_level, reorder_quantity, region, last_updated)
SELECT 'PROD-' || CASE WHEN n < 1000 THEN lpad(n::text, 3, '0') ELSE n::text END,
       r + 1 + 4 * ((n + r) % 3),
       q.on_hand,
       LEAST(q.on_hand, (n * 13 + r * 7) % 25),
       5 * (1 + (n * 3 + r) % 10),
       50 * (1 + (n + r * 3) % 10),
       (ARRAY['North America', 'Europe', 'Asia Pacific', 'Latin America'])[r + 1],
       timestamp '2025-01-01 00:00:00' + ((n * 15859 + r * 3571) % 31536000) * interval '1 second'
FROM generate_series(1, 2000) AS n
CROSS JOIN generate_series(0, 3) AS r
CROSS JOIN LATERAL (
    SELECT CASE WHEN (n * 7 + r) % 23 = 0 THEN 0 ELSE (n * 7919 + r * 104729) % 500 END AS on_hand
) q
WHERE NOT (n <= 8 AND r = (n - 1) / 2)   -- seed row of PROD-001..008 (region = (n-1)/2)
ORDER BY n, r;

-- ----------------------------------------------------------------------------
-- orders + order_items (one statement, so that totals match the items)
-- orders: 49,992 generated rows -> 50,000 in total; order_date runs from
--   2024-01-23 to 2025-12-30 (one order every ~20 minutes); order_id
--   ORD-<year>-<6 digits>; 25 % of orders go to 400 "regular" customers
--   (customer_id 1001..1400), the rest spread over customer_id 1001..5850,
--   so the 150 newest customers (created Dec 2025) have no orders yet;
--   status ~70 % completed, 12 % shipped, 10 % pending, 5 % cancelled,
--   3 % returned (the most recent ~1,000 orders are more often pending).
-- order_items: 199,986 generated rows -> 200,000 in total; 1..8 lines per
--   order (k = pattern of mean 4 over blocks of 8 orders, plus one extra
--   line for 18 orders: 6,249 * 32 + 18 = 199,986); a third of the lines
--   hit the 100 most popular products.
-- ----------------------------------------------------------------------------
WITH ord AS (
    SELECT s.g,
           s.g - 1 AS o0,
           'ORD-' || to_char(s.order_date, 'YYYY') || '-' || lpad((8 + s.g)::text, 6, '0') AS order_id,
           c.customer_id,
           s.order_date,
           c.region,
           CASE WHEN s.g > 49000 AND s.h < 40 THEN 'pending'
                WHEN s.h < 70 THEN 'completed'
                WHEN s.h < 82 THEN 'shipped'
                WHEN s.h < 92 THEN 'pending'
                WHEN s.h < 97 THEN 'cancelled'
                ELSE 'returned'
           END AS status
    FROM (
        SELECT g,
               g * 37 % 100 AS h,
               1001 + CASE WHEN g % 4 = 0 THEN g / 4 * 31 % 400 ELSE g * 7919 % 4850 END AS customer_id,
               timestamp '2024-01-23 08:00:00'
                   + (g - 1) * interval '1223 seconds' + (g * 7919 % 1200) * interval '1 second' AS order_date
        FROM generate_series(1, 49992) AS g
    ) s
    JOIN customers c ON c.customer_id = s.customer_id
), items AS (
    SELECT o.o0,
           l,
           o.order_id,
           p.product_id,
           q.quantity,
           p.price AS unit_price,
           q.quantity * p.price AS total_price,
           o.region,
           o.order_date
    FROM ord o
    CROSS JOIN LATERAL generate_series(
        1,
        (ARRAY[1, 3, 4, 6, 2, 5, 7, 4])[1 + (o.o0 + (o.o0 / 8) * 3) % 8]
            + CASE WHEN o.o0 % 2777 = 100 THEN 1 ELSE 0 END
    ) AS l
    CROSS JOIN LATERAL (
        SELECT CASE WHEN (o.o0 + l) % 3 = 0 THEN 1 + (o.o0 * 7 + l * 13) % 100
                    ELSE 1 + (o.o0 * 131 + l * 977) % 2000
               END AS np,
               CASE WHEN (o.o0 * 17 + l * 29) % 20 < 11 THEN 1
                    WHEN (o.o0 * 17 + l * 29) % 20 < 16 THEN 2
                    WHEN (o.o0 * 17 + l * 29) % 20 < 18 THEN 3
                    ELSE 4 + (o.o0 + l) % 5
               END AS quantity
    ) q
    JOIN products p
      ON p.product_id = 'PROD-' || CASE WHEN q.np < 1000 THEN lpad(q.np::text, 3, '0') ELSE q.np::text END
), new_orders AS (
    INSERT INTO orders (order_id, customer_id, order_date, total_amount, region, status,
                        created_at, updated_at)
    SELECT o.order_id,
           o.customer_id,
           o.order_date,
           t.total_amount,
           o.region,
           o.status,
           o.order_date,
           o.order_date + CASE WHEN o.status = 'pending' THEN interval '0'
                               ELSE (1 + o.g * 13 % 240) * interval '1 hour' END
    FROM ord o
    JOIN (SELECT o0, sum(total_price) AS total_amount FROM items GROUP BY o0) t ON t.o0 = o.o0
    ORDER BY o.o0
)
INSERT INTO order_items (order_id, product_id, quantity, unit_price, total_price, region, created_at)
SELECT order_id, product_id, quantity, unit_price, total_price, region, order_date
FROM items
ORDER BY o0, l;

-- ============================================================================
-- INDEXES FOR PERFORMANCE (created after the bulk load: faster)
-- ============================================================================

-- Indexes for orders table
CREATE INDEX IF NOT EXISTS idx_orders_region ON orders(region);
CREATE INDEX IF NOT EXISTS idx_orders_order_date ON orders(order_date);
CREATE INDEX IF NOT EXISTS idx_orders_customer_id ON orders(customer_id);
CREATE INDEX IF NOT EXISTS idx_orders_status ON orders(status);

-- Indexes for customers table
CREATE INDEX IF NOT EXISTS idx_customers_region ON customers(region);
CREATE INDEX IF NOT EXISTS idx_customers_email ON customers(email);
CREATE INDEX IF NOT EXISTS idx_customers_city ON customers(city);

-- Indexes for products table
CREATE INDEX IF NOT EXISTS idx_products_region ON products(region);
CREATE INDEX IF NOT EXISTS idx_products_category ON products(category);
CREATE INDEX IF NOT EXISTS idx_products_supplier_id ON products(supplier_id);

-- Indexes for order_items table
CREATE INDEX IF NOT EXISTS idx_order_items_order_id ON order_items(order_id);
CREATE INDEX IF NOT EXISTS idx_order_items_product_id ON order_items(product_id);
CREATE INDEX IF NOT EXISTS idx_order_items_region ON order_items(region);

-- Indexes for suppliers table
CREATE INDEX IF NOT EXISTS idx_suppliers_region ON suppliers(region);
CREATE INDEX IF NOT EXISTS idx_suppliers_country ON suppliers(country);

-- Indexes for inventory table
CREATE INDEX IF NOT EXISTS idx_inventory_product_id ON inventory(product_id);
CREATE INDEX IF NOT EXISTS idx_inventory_warehouse_id ON inventory(warehouse_id);
CREATE INDEX IF NOT EXISTS idx_inventory_region ON inventory(region);

-- ============================================================================
-- VIEWS FOR ANALYSIS
-- ============================================================================

-- View for order summary by region
CREATE OR REPLACE VIEW order_summary_by_region AS
SELECT
    region,
    COUNT(*) as total_orders,
    SUM(total_amount) as total_revenue,
    AVG(total_amount) as avg_order_value,
    COUNT(CASE WHEN status = 'completed' THEN 1 END) as completed_orders,
    COUNT(CASE WHEN status = 'pending' THEN 1 END) as pending_orders
FROM orders
GROUP BY region
ORDER BY total_revenue DESC;

-- View for customer order history
CREATE OR REPLACE VIEW customer_order_history AS
SELECT
    c.customer_id,
    c.first_name,
    c.last_name,
    c.region as customer_region,
    COUNT(o.order_id) as total_orders,
    SUM(o.total_amount) as total_spent,
    AVG(o.total_amount) as avg_order_value,
    MAX(o.order_date) as last_order_date
FROM customers c
LEFT JOIN orders o ON c.customer_id = o.customer_id
GROUP BY c.customer_id, c.first_name, c.last_name, c.region
ORDER BY total_spent DESC;

-- View for product performance
CREATE OR REPLACE VIEW product_performance AS
SELECT
    p.product_id,
    p.product_name,
    p.category,
    p.region as product_region,
    COUNT(oi.order_id) as times_ordered,
    SUM(oi.quantity) as total_quantity_sold,
    SUM(oi.total_price) as total_revenue,
    AVG(oi.unit_price) as avg_unit_price,
    i.quantity_on_hand as current_stock
FROM products p
LEFT JOIN order_items oi ON p.product_id = oi.product_id
LEFT JOIN inventory i ON p.product_id = i.product_id
GROUP BY p.product_id, p.product_name, p.category, p.region, i.quantity_on_hand
ORDER BY total_revenue DESC;

-- ============================================================================
-- FUNCTIONS FOR DATA GENERATION
-- ============================================================================
-- Bodies exactly as in the seed. Tidemark change: both functions get
-- SET search_path = fivetran_connector, public, because their bodies use
-- unqualified table names; the seed versions fail with "relation customers
-- does not exist" when called as fivetran_connector.generate_random_orders()
-- from a session with the default search_path.

-- Function to generate random orders
CREATE OR REPLACE FUNCTION generate_random_orders(num_orders INTEGER DEFAULT 10)
RETURNS VOID AS $$
DECLARE
    i INTEGER;
    random_customer_id INTEGER;
    random_product_id VARCHAR(50);
    random_region VARCHAR(50);
    order_date TIMESTAMP;
    total_amount DECIMAL(10,2);
BEGIN
    FOR i IN 1..num_orders LOOP
        -- Select random customer
        SELECT customer_id INTO random_customer_id
        FROM customers
        ORDER BY RANDOM()
        LIMIT 1;

        -- Select random product
        SELECT product_id INTO random_product_id
        FROM products
        ORDER BY RANDOM()
        LIMIT 1;

        -- Select random region
        SELECT region INTO random_region
        FROM (VALUES ('North America'), ('Europe'), ('Asia Pacific'), ('Latin America')) AS regions(region)
        ORDER BY RANDOM()
        LIMIT 1;

        -- Generate random order date in the last 30 days
        order_date := CURRENT_TIMESTAMP - INTERVAL '1 day' * (RANDOM() * 30);

        -- Generate random total amount between 50 and 1000
        total_amount := 50 + (RANDOM() * 950);

        -- Insert order
        INSERT INTO orders (order_id, customer_id, order_date, total_amount, region, status)
        VALUES (
            'ORD-' || EXTRACT(YEAR FROM CURRENT_DATE) || '-' || LPAD(i::TEXT, 3, '0'),
            random_customer_id,
            order_date,
            total_amount,
            random_region,
            CASE WHEN RANDOM() > 0.2 THEN 'completed' ELSE 'pending' END
        );

        -- Insert order item
        INSERT INTO order_items (order_id, product_id, quantity, unit_price, total_price, region)
        VALUES (
            'ORD-' || EXTRACT(YEAR FROM CURRENT_DATE) || '-' || LPAD(i::TEXT, 3, '0'),
            random_product_id,
            GREATEST(1, FLOOR(RANDOM() * 5)::INTEGER),
            (SELECT price FROM products WHERE product_id = random_product_id),
            total_amount,
            random_region
        );
    END LOOP;
END;
$$ LANGUAGE plpgsql
SET search_path = fivetran_connector, public;  -- Tidemark: callable with any search_path

-- Function to update inventory levels
CREATE OR REPLACE FUNCTION update_inventory_levels()
RETURNS VOID AS $$
BEGIN
    UPDATE inventory
    SET quantity_on_hand = GREATEST(0, quantity_on_hand - FLOOR(RANDOM() * 10)::INTEGER),
        last_updated = CURRENT_TIMESTAMP
    WHERE RANDOM() > 0.7; -- Update 30% of inventory records
END;
$$ LANGUAGE plpgsql
SET search_path = fivetran_connector, public;  -- Tidemark: callable with any search_path

-- ============================================================================
-- TRIGGERS FOR DATA INTEGRITY
-- ============================================================================

-- Trigger to update updated_at timestamp
CREATE OR REPLACE FUNCTION update_updated_at_column()
RETURNS TRIGGER AS $$
BEGIN
    NEW.updated_at = CURRENT_TIMESTAMP;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

-- Apply trigger to tables with updated_at column
CREATE TRIGGER update_customers_updated_at
    BEFORE UPDATE ON customers
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();

CREATE TRIGGER update_products_updated_at
    BEFORE UPDATE ON products
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();

CREATE TRIGGER update_suppliers_updated_at
    BEFORE UPDATE ON suppliers
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();

-- ============================================================================
-- FRESHNESS DEMO TABLE public.customer_data (seed 002, README demo block)
-- ============================================================================
-- Created explicitly in schema public. The 10 rows are relative to NOW() on
-- purpose: at load time 3 of 10 rows (25/30/36 hours) are older than 24 hours.

-- Create the customer_data table that will be monitored for freshness
CREATE TABLE IF NOT EXISTS public.customer_data (
    company_id SERIAL PRIMARY KEY,
    company_name VARCHAR(255) NOT NULL,
    last_update_time TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    active BOOLEAN DEFAULT true,
    data_source VARCHAR(100) DEFAULT 'postgresql',
    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);

-- Create an index on last_update_time for better query performance
CREATE INDEX IF NOT EXISTS idx_customer_data_last_update ON public.customer_data(last_update_time);
CREATE INDEX IF NOT EXISTS idx_customer_data_active ON public.customer_data(active);

-- Insert test data with various freshness states
INSERT INTO public.customer_data (company_name, last_update_time, active) VALUES
    ('Acme Corporation', NOW() - INTERVAL '2 hours', true),
    ('TechStart Inc', NOW() - INTERVAL '6 hours', true),
    ('Global Solutions', NOW() - INTERVAL '12 hours', true),
    ('Innovation Labs', NOW() - INTERVAL '18 hours', true),
    ('Data Dynamics', NOW() - INTERVAL '25 hours', true),  -- Stale data (>24 hours)
    ('Cloud Systems', NOW() - INTERVAL '30 hours', true),  -- Stale data (>24 hours)
    ('Digital Corp', NOW() - INTERVAL '36 hours', true),   -- Stale data (>24 hours)
    ('Smart Solutions', NOW() - INTERVAL '1 hour', true),
    ('Future Tech', NOW() - INTERVAL '8 hours', true),
    ('Enterprise Plus', NOW() - INTERVAL '15 hours', true);

-- The freshness query used by the monitor (for reference, not executed here):
--   SELECT company_id, company_name, last_update_time,
--          CASE WHEN last_update_time < NOW() - INTERVAL '24 hours'
--               THEN 'Stale data' ELSE 'Fresh data' END AS freshness_status
--   FROM customer_data WHERE active = true;

-- ============================================================================
-- PLANNER STATISTICS (pg_class.reltuples must reflect the row counts)
-- ============================================================================
ANALYZE;
