/** Partner status variants and the six internal status categories they map onto. */
package thalamus.status;
