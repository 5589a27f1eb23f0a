package dev.switchboard.launcher;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which feature files a run reads: every {@code *.json} of the distribution's {@code features/} folder in name order,
 * or those named by {@code --feature} (a path from the working directory, a file of that folder, or its name without
 * {@code .json}).
 */
final class FeatureSelection {

    private final Path folder;
    private final Path workingDirectory;
    private final List<String> names;

    FeatureSelection(Path distribution, Path workingDirectory, List<String> names) {
        this.folder = distribution.resolve("features");
        this.workingDirectory = workingDirectory;
        this.names = List.copyOf(names);
    }

    /** The selected features, read, in the order given (or in name order). */
    List<Feature> read() throws FeatureException {
        FeatureReader reader = new FeatureReader();
        List<Feature> features = new ArrayList<>();
        for (Path file : files()) {
            features.add(reader.read(file));
        }
        return features;
    }

    private List<Path> files() throws FeatureException {
        List<Path> files = new ArrayList<>();
        if (names.isEmpty()) {
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, "*.json")) {
                stream.forEach(files::add);
            } catch (IOException e) {
                throw new FeatureException("Cannot list the features in " + folder + ": " + e);
            }
            files.sort(null);
            if (files.isEmpty()) {
                throw new FeatureException("No feature files in " + folder);
            }
        } else {
            for (String name : names) {
                files.add(featureFile(name));
            }
        }
        return files;
    }

    private Path featureFile(String name) throws FeatureException {
        for (Path candidate :
                List.of(workingDirectory.resolve(name), folder.resolve(name), folder.resolve(name + ".json"))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new FeatureException(
                "No feature file " + name + " (looked in " + workingDirectory + " and " + folder + ")");
    }
}
