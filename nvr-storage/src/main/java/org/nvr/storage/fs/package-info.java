/** File-system durability shared by the segment writer and the storage lifecycle (fsync of directories). */
package org.nvr.storage.fs;
