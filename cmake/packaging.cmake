# Install layout and CPack settings.
#   cmake --install BUILD [--prefix PREFIX]   zhsearch in PREFIX/bin, the systemd
#                                             unit in PREFIX/lib/systemd/system,
#                                             docs in PREFIX/share/doc/zhsearch
#   cd BUILD && cpack                         zhsearch_VERSION_ARCH.deb (and a .tar.gz)
include(GNUInstallDirs)

install(FILES ${CMAKE_SOURCE_DIR}/packaging/zhsearch.service DESTINATION lib/systemd/system)
foreach(doc README.md docs/web.md)
  if(EXISTS ${CMAKE_SOURCE_DIR}/${doc})
    install(FILES ${CMAKE_SOURCE_DIR}/${doc} DESTINATION ${CMAKE_INSTALL_DOCDIR})
  endif()
endforeach()

set(CPACK_PACKAGE_NAME zhsearch)
set(CPACK_PACKAGE_VENDOR "zhsearch")
set(CPACK_PACKAGE_CONTACT "zhsearch maintainers <zhsearch@localhost>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Full-text search for Chinese text: CLI, search page, JSON API and blog widget")
set(CPACK_PACKAGE_DESCRIPTION "zhsearch indexes Markdown, plain text, subtitles and HTML and finds every \
passage that contains a Chinese string, the way Ctrl-F would, ranked with BM25. `zhsearch serve` serves a \
search page, a JSON API and an embeddable widget from one binary.")
set(CPACK_GENERATOR "DEB;TGZ")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION text)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Library dependencies (Xapian, ICU, cpp-httplib, ...) from dpkg-shlibdeps.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "systemd")
include(CPack)
