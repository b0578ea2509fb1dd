/** Thalamus: partner-data intake service. {@link thalamus.Main} starts it, {@link thalamus.App} declares every route. */
package thalamus;
