/** Configuration read once from THALAMUS_* environment variables. */
package thalamus.config;
