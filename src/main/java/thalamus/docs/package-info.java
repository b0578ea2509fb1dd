/** The API description: the OpenAPI document and the reference page rendered from it. */
package thalamus.docs;
