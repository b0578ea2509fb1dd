/** HTTP plumbing shared by every feature: the response envelope, error mapping, request ids and strict JSON request parsing. */
package thalamus.http;
