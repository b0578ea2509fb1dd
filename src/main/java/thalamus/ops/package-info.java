/** Operating the service: health checks, Prometheus metrics and the access log. */
package thalamus.ops;
