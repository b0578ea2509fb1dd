/** PostgreSQL plumbing: the embedded durable server, the connection pool and Flyway migrations. */
package thalamus.db;
