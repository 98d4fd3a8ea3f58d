package dev.ticktape.app.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine;

/** Reads durations as {@code 7d}, {@code 36h}, {@code 90m}, {@code 45s}, {@code 250ms} or ISO-8601 ({@code P7D}). */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("p")) return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
            if (v.endsWith("ms")) return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 'd' -> Duration.ofDays(n);
                case 'h' -> Duration.ofHours(n);
                case 'm' -> Duration.ofMinutes(n);
                case 's' -> Duration.ofSeconds(n);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a duration (7d, 36h, 90m, 45s, 250ms, P7D)");
        }
    }
}
