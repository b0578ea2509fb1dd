/** Partners, their API keys, API key authentication and the admin API. */
package thalamus.partner;
