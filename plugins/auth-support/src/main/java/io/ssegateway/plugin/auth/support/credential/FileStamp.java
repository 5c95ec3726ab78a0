package io.ssegateway.plugin.auth.support.credential;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * What tells one version of a file from the next: modification time, size and file key (the inode, which changes
 * when a new file is moved into place).
 */
record FileStamp(FileTime modified, long size, Object fileKey) {
    /** The stamp of a file as it is now. */
    static FileStamp of(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return new FileStamp(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
    }
}
