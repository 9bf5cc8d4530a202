/**
 * API: the embedded service as an Apache Spark transformation.
 *
 * <ul>
 *   <li>{@link dev.embeddedservice.spark.EmbeddedServiceSpark}: translates a column of a
 *       {@code Dataset<Row>}, each distinct identifier billed once.</li>
 *   <li>{@link dev.embeddedservice.spark.SparkTranslateOptions}: the serializable settings shipped
 *       to the executors (never a client, a token or the license key).</li>
 *   <li>{@link dev.embeddedservice.spark.ExecutorClientFactory}: how an executor builds its one
 *       client, when the settings are not enough.</li>
 *   <li>{@link dev.embeddedservice.spark.TranslateJob}: {@code esvc translate} as a Spark job.</li>
 * </ul>
 *
 * <pre>{@code
 * Dataset<Row> translated = EmbeddedServiceSpark.translate(users, "email", IdentifierType.EMAIL,
 *         SparkTranslateOptions.builder().productCode("prod-4x2kq7").build());
 * }</pre>
 *
 * <p>Parameters are non-null unless documented otherwise. The implementation lives in
 * {@code dev.embeddedservice.spark.internal}, which is not API.
 */
package dev.embeddedservice.spark;
